import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { channelApi } from './channel-fixtures';

/**
 * A channel with a route is a topic (docs/channels.md): a client connected to it gets, in its
 * details, the channel's name as a role with the endpoints of the route, beside its enrolled roles.
 */
describe('details: the topics of the channels a client is connected to', () => {
  let h: Harness;
  const byTopic = {
    data: ['kafka-1.example.net:9092'],
    requests: ['localhost:5050'],
    alerts: ['alerts.example.net:443'],
  };
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_ENDPOINTS_BY_TOPIC: JSON.stringify(byTopic) } });
  });
  afterAll(() => h.stop());

  const details = (secret: string, check: (d: any) => boolean) =>
    eventually(
      async () => {
        const r = await h.call('GET', `/informationservice/details/${secret}`);
        return r.status === 200 && check(r.body) ? r.body : undefined;
      },
      15_000,
      'details',
    );

  it('adds a connected channel as a role, keeps the enrolled roles first and unchanged, and drops it on disconnect', async () => {
    const api = channelApi(h);
    const enrolled = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'kx-client', topics: { insert: 'data' } },
      bearer(h),
    );
    expect(enrolled.status).toBe(200);
    const before = await details(enrolled.body.url, () => true);
    expect(Object.keys(before)).toEqual(['name', 'topics', 'ca', 'cert', 'key', 'insert']);

    const clientId = clientIdOf(enrolled.body.url);
    const alerts = (await api.create({ name: 'alerting', route: 'alerts' })).body.id;
    // A channel named like an enrolled role, or like a key of the answer, cannot change it.
    const clash = (await api.create({ name: 'insert', route: 'requests' })).body.id;
    const reserved = (await api.create({ name: 'key', route: 'data' })).body.id;
    for (const ch of [alerts, clash, reserved])
      expect((await api.connect(ch, { client_ids: [clientId], types: ['subscribe'] })).status).toBe(204);

    const after = await details(enrolled.body.url, (d) => d.alerting !== undefined);
    expect(Object.keys(after)).toEqual(['name', 'topics', 'ca', 'cert', 'key', 'insert', 'alerting']);
    expect(after.topics).toEqual({ insert: 'data', alerting: 'alerts' });
    expect(after.insert).toEqual(byTopic.data);
    expect(after.alerting).toEqual(byTopic.alerts);
    expect(after.key).toBe(before.key);

    expect((await api.disconnect(alerts, { client_ids: [clientId], types: ['subscribe'] })).status).toBe(204);
    expect(Object.keys(await details(enrolled.body.url, (d) => d.alerting === undefined))).toEqual([
      'name',
      'topics',
      'ca',
      'cert',
      'key',
      'insert',
    ]);
  });
});
