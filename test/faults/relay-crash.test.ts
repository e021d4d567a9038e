import {
  Client,
  ClientEnrolledData,
  clientStreamId,
  clientIdForDetailsSecret,
  newDetailsSecret,
} from '@certplane/domain';
import {
  ClientRegistry,
  newCorrelationId,
  PostgresEventStore,
  StoredEvent,
  toOutgoingMessage,
} from '@certplane/event-store';
import { createDataSource } from '@certplane/persistence';
import { DataSource } from 'typeorm';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { publishRaw, readWholeStream, waitForDurablesCaughtUp } from '../support/jetstream-inspect';
import { sleep } from '../support/wait';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * A process that commits an append and dies before its relay publishes leaves the event in the
 * outbox only. The next process of the deployment must publish it (once), and the client must
 * get its certificate as if nothing had happened.
 */
describe('faults: crash between commit and publish', () => {
  let first: Harness;
  let second: Harness | undefined;
  let ds: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    first = await startCertplane();
    // The stream and both durables now exist; the deployment goes down.
    await first.stopApp();
    // A bare event store on the same database: it commits events and outbox rows, and has no
    // relay listening, exactly what a process leaves behind when it dies right after the commit.
    ds = createDataSource({ url: first.db.url, poolSize: 2, applicationName: 'certplane-test-crashed' });
    await ds.initialize();
    store = new PostgresEventStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await second?.stopApp();
    await first?.stop();
  });

  /** What the enrol handler commits: the event and the name reservation, in one transaction. */
  const secrets = new Map<string, string>();
  const enrolWithoutPublishing = async (name: string): Promise<StoredEvent> => {
    const secret = newDetailsSecret();
    const clientId = clientIdForDetailsSecret(secret);
    secrets.set(clientId, secret);
    const events = Client.enroll({ clientId, name, topics: { insert: 'data' } });
    const registry = new ClientRegistry(ds);
    const [stored] = await store.append(clientStreamId(clientId), events, {
      expectedVersion: 0,
      context: { correlationId: newCorrelationId(), actor: 'token:default' },
      also: registry.reserve(events[0].data as ClientEnrolledData),
    });
    return stored;
  };

  const copiesOnTheBus = async (eventId: string) =>
    (await readWholeStream(first.env.NATS_URL, first.bus.streamName)).filter(
      (m) => m.msgId === eventId || m.envelope.eventId === eventId,
    ).length;

  it('publishes an orphaned outbox row exactly once after the restart, and the client gets its certificate', async () => {
    const orphan = await enrolWithoutPublishing('orphan');
    const published = await enrolWithoutPublishing('published-not-deleted');
    // The second one died a step later: after the broker acknowledged, before the outbox delete.
    const ack = await publishRaw(
      first.env.NATS_URL,
      toOutgoingMessage(published, first.bus.subjectPrefix),
      published.eventId,
    );
    expect(ack.duplicate).toBe(false);

    const outboxBefore = await ds.query(`SELECT position::text AS position FROM outbox ORDER BY position`);
    expect(outboxBefore.map((r: { position: string }) => r.position)).toEqual([orphan.position, published.position]);
    expect(await copiesOnTheBus(orphan.eventId)).toBe(0);
    expect(await copiesOnTheBus(published.eventId)).toBe(1);

    second = await startCertplane({ database: first.db, bus: first.bus });
    const h = second;

    await eventually(
      async () => ((await ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    for (const e of [orphan, published]) {
      const clientId = (e.data as { clientId: string }).clientId;
      const details = await eventually(
        async () => {
          const r = await h.call('GET', `/informationservice/details/${secrets.get(clientId)}`);
          return r.status === 200 ? r : undefined;
        },
        20_000,
        `details of ${clientId}`,
      );
      expect(details.body.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(details.body.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect((await h.store.readStream(`client-${clientId}`)).map((x) => x.type)).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
      ]);
    }
    // Let every sweep and both consumers settle, then count what a subscriber sees.
    await waitForDurablesCaughtUp(h.env.NATS_URL, h.bus.streamName, ['cert-issuer', 'projector']);
    await sleep(1_500); // a few more sweep intervals
    expect(await copiesOnTheBus(orphan.eventId)).toBe(1);
    expect(await copiesOnTheBus(published.eventId)).toBe(1);
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);

    // Every stored event reached the bus once, and nothing else is on it.
    const onBus = await readWholeStream(h.env.NATS_URL, h.bus.streamName);
    const stored = await ds.query(`SELECT event_id FROM events ORDER BY position`);
    expect(onBus.map((m) => m.envelope.eventId).sort()).toEqual(
      stored.map((r: { event_id: string }) => r.event_id).sort(),
    );
    expect(await ds.query(`SELECT count(*)::int AS n FROM dead_letters`)).toEqual([{ n: 0 }]);

    // The restarted deployment works as usual for new enrolments too.
    const again = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'after-restart', topics: { insert: 'data' } },
      bearer(h),
    );
    expect(again.status).toBe(200);
    expect((await h.call('GET', `/informationservice/details/${again.body.url}`)).status).toBe(200);
  });
});
