import { jetstream } from '@nats-io/jetstream';
import { CertplaneMetrics } from '@certplane/observability';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { withNats } from '../support/nats-admin';
import { sleep } from '../support/wait';

describe('spine: poison messages go to the dead-letter record (real NATS)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h.stop());

  it('dead-letters an unparseable payload once, rejects an unknown event type the store does not hold, and keeps working', async () => {
    await withNats(h.env.NATS_URL, async (nc) => {
      const js = jetstream(nc);
      await js.publish(`${h.bus.subjectPrefix}.client.ClientEnrolled`, 'this is not json', { msgID: 'poison-1' });
      const envelope = {
        eventId: 'e-unknown',
        type: 'ClientTeleported',
        schemaVersion: 1,
        streamId: 'client-abc',
        streamVersion: 1,
        position: '1',
        recordedAt: new Date().toISOString(),
        data: {},
        metadata: { correlationId: 'c' },
      };
      await js.publish(`${h.bus.subjectPrefix}.client.ClientEnrolled`, JSON.stringify(envelope), { msgID: 'poison-2' });
    });
    const rows = await eventually(
      async () => {
        const r = await h.ds.query(
          `SELECT consumer, msg_id, error, delivery_count FROM dead_letters ORDER BY consumer, msg_id`,
        );
        return r.length >= 2 ? r : undefined;
      },
      15_000,
      'dead letters',
    );
    // Both consumers (cert-issuer and projector) see the payload no one can read, and give up on the first delivery.
    expect(rows.map((r: any) => `${r.consumer}:${r.msg_id}`)).toEqual(['cert-issuer:poison-1', 'projector:poison-1']);
    for (const r of rows) expect(r.delivery_count).toBe(1);
    // The envelope is well formed, but the store holds no such event: news of nothing, acked and counted by each.
    const rejected = await eventually(
      async () => {
        const values = (await h.app.get(CertplaneMetrics).busMessagesRejected.get()).values;
        return values.length >= 2 ? values : undefined;
      },
      15_000,
      'rejections',
    );
    expect(rejected.map((v) => `${v.labels.consumer}:${v.labels.reason}=${v.value}`).sort()).toEqual([
      'cert-issuer:unknown_event=1',
      'projector:unknown_event=1',
    ]);

    const { body } = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'after-poison', topics: { insert: 'data' } },
      bearer(h),
    );
    expect((await h.call('GET', `/informationservice/details/${body.url}`)).status).toBe(200);
    await sleep(500);
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM dead_letters`))[0].n).toBe(2);
  });
});
