import { clientIdForDetailsSecret } from '@certplane/domain';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { readWholeStream } from '../support/jetstream-inspect';
import { PrivateNatsServer } from '../support/processes';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * NATS crashes (kill -9) and comes back on the same port and store. Enrolment does not need the
 * bus (it commits to Postgres), and once NATS is back the outbox drains and every client issued.
 */
describe('faults: NATS killed and restarted under a running deployment', () => {
  let nats: PrivateNatsServer;
  let h: Harness | undefined;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    h = await startCertplane({ natsUrl: nats.url, env: { CERTPLANE_DETAILS_WAIT_MS: '1000' } });
  });
  afterAll(async () => {
    try {
      // stop() deletes the stream, so NATS must be up for it; then the server and its store go.
      if (nats && !nats.running) await nats.restart().catch(() => undefined);
      await h?.stop();
    } finally {
      await nats?.destroy();
    }
  });

  const enrol = async (name: string) => {
    const r = await h!.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h!));
    expect(r.status).toBe(200);
    return r.body.url as string;
  };
  const issued = async (clientId: string) => {
    const r = await h!.call('GET', `/informationservice/details/${clientId}`);
    return r.status === 200 && typeof r.body.cert === 'string' ? r.body : undefined;
  };

  it('keeps enrolling while NATS is down and issues everything once it is back', async () => {
    const before = await Promise.all([0, 1, 2, 3, 4].map((i) => enrol(`before-${i}`)));
    for (const id of before) await eventually(() => issued(id), 15_000, `certificate of ${id} before the crash`);

    await nats.kill();
    const t0 = Date.now();
    const during: string[] = [];
    for (let i = 0; i < 5; i++) during.push(await enrol(`during-${i}`));
    // The commit does not wait for the bus.
    expect(Date.now() - t0).toBeLessThan(5_000);
    const [{ n: waiting }] = await h!.ds.query(`SELECT count(*)::int AS n FROM outbox`);
    expect(waiting).toBeGreaterThanOrEqual(5);
    // Nothing can be issued meanwhile; details says so instead of hanging.
    expect((await h!.call('GET', `/informationservice/details/${during[0]}`)).status).toBe(503);

    await nats.restart();
    const restarted = Date.now();
    for (const id of [...before, ...during])
      await eventually(() => issued(id), 30_000, `certificate of ${id} after the restart\n${nats.log}`);
    const recoveredInMs = Date.now() - restarted;
    expect(recoveredInMs).toBeLessThan(30_000);

    // Every event in the store reached the stream, and each exactly once.
    await eventually(
      async () => ((await h!.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    const stored: string[] = (await h!.ds.query(`SELECT event_id FROM events ORDER BY position`)).map(
      (r: { event_id: string }) => r.event_id,
    );
    expect(await h!.eventsSinceStart()).toBe(20); // 10 × (ClientEnrolled, CertificateIssued)
    const onBus = (await readWholeStream(nats.url, h!.bus.streamName)).map((m) => m.envelope.eventId);
    expect([...onBus].sort()).toEqual([...stored].sort());
    for (const id of [...before, ...during]) {
      expect((await h!.store.readStream(`client-${clientIdForDetailsSecret(id)}`)).map((e) => e.type)).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
      ]);
    }
    expect(await h!.ds.query(`SELECT count(*)::int AS n FROM dead_letters`)).toEqual([{ n: 0 }]);
  });
});
