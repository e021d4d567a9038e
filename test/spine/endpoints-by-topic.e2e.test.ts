import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';

/**
 * Details per topic: with CERTPLANE_ENDPOINTS_BY_TOPIC(_FILE), a client gets, under each of its
 * roles, the endpoints configured for the topic it registered that role with, and enrol refuses a
 * topic nobody serves before anything is recorded.
 */
describe('details: endpoints of the topics a client registered with', () => {
  let h: Harness;
  let dir: string;
  const byTopic = {
    data: ['kafka-1.example.net:9092', 'kafka-2.example.net:9092'],
    requests: ['localhost:5050'],
    audit: ['audit.example.net:443'],
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-topics-'));
    const file = join(dir, 'endpoints.json');
    writeFileSync(file, JSON.stringify(byTopic));
    h = await startCertplane({ env: { CERTPLANE_ENDPOINTS_BY_TOPIC_FILE: file } });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const enrol = (body: unknown) => h.call('POST', '/clientcontroller/enrol', body, bearer(h));
  const details = (secret: string) =>
    eventually(async () => {
      const r = await h.call('GET', `/informationservice/details/${secret}`);
      return r.status === 200 ? r.body : undefined;
    });

  it("answers each role with the endpoints of its topic, in the seed's shape, and nothing of other topics", async () => {
    const r = await enrol({ name: 'per-topic', topics: { insert: 'data', query: 'requests' } });
    expect(r.status).toBe(200);
    const d = await details(r.body.url);
    expect(Object.keys(d)).toEqual(['name', 'topics', 'ca', 'cert', 'key', 'insert', 'query']);
    expect(d.insert).toEqual(byTopic.data);
    expect(d.query).toEqual(byTopic.requests);

    // Another client with other topics gets other endpoints: nothing is shared verbatim.
    const other = await enrol({ name: 'auditor', topics: { publish: 'audit' } });
    const o = await details(other.body.url);
    expect(Object.keys(o)).toEqual(['name', 'topics', 'ca', 'cert', 'key', 'publish']);
    expect(o.publish).toEqual(byTopic.audit);
  });

  it('refuses a topic with no endpoints with 400 UNKNOWN_TOPIC at enrol and create, recording nothing', async () => {
    const before = await h.eventsSinceStart();
    const r = await enrol({ name: 'lost', topics: { insert: 'data', query: 'nobody-serves-this' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      statusCode: 400,
      code: 'UNKNOWN_TOPIC',
      message: 'No endpoints are configured for the topic "nobody-serves-this" (topics.query)',
    });
    const c = await h.call('POST', '/clients', { name: 'lost-too', topics: { insert: 'nope' } }, bearer(h));
    expect(c.status).toBe(400);
    expect(c.body.code).toBe('UNKNOWN_TOPIC');
    // A role named like a key of the answer itself would overwrite it.
    const clash = await enrol({ name: 'clash', topics: { cert: 'data' } });
    expect(clash.status).toBe(400);
    expect(clash.body.code).toBe('INVALID_TOPICS');
    expect(await h.eventsSinceStart()).toBe(before);
    // The names are still free.
    expect((await enrol({ name: 'lost', topics: { insert: 'data' } })).status).toBe(200);
  });
});
