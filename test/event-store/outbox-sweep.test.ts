import { DataSource } from 'typeorm';
import { DomainEvent } from '@certplane/domain';
import { OutboxRelay, PostgresEventStore } from '@certplane/event-store';
import { HEADERS, JetStreamBus, OutgoingMessage } from '@certplane/messaging';
import { createDataSource } from '@certplane/persistence';
import { deleteStream, uniqueBusNames } from '../support/nats-admin';
import { createMigratedDataSource, TestDatabase } from '../support/test-database';
import { testServices } from '../support/test-services';

jest.setTimeout(60_000);

const ctx = { correlationId: '00000000-0000-4000-8000-000000000001', actor: 'test' };
const STREAMS = 12;
const EVENTS_PER_STREAM = 25;

/**
 * Rows a crashed process left in the outbox are swept by whichever processes are running. However
 * many sweep at once, each row is published once, and each stream's rows in their order.
 */
describe('outbox sweep: one sweeper at a time across processes (real Postgres and NATS)', () => {
  const names = uniqueBusNames();
  const natsUrl = testServices().natsUrl;
  let db: TestDatabase;
  let appender: { ds: DataSource; close(): Promise<void> };
  const processes: Array<{ ds: DataSource; bus: JetStreamBus; relay: OutboxRelay; published: OutgoingMessage[] }> = [];

  beforeAll(async () => {
    ({ db, ...appender } = await createMigratedDataSource('sweep'));
    for (let i = 0; i < 2; i++) {
      const ds = createDataSource({ url: db.url, poolSize: 4, applicationName: `certplane-test-sweeper-${i}` });
      await ds.initialize();
      const bus = await JetStreamBus.connect({
        servers: natsUrl,
        streamName: names.streamName,
        subjectPrefix: names.subjectPrefix,
      });
      const published: OutgoingMessage[] = [];
      const publish = bus.publish.bind(bus);
      bus.publish = async (messages) => {
        published.push(...messages);
        await publish(messages);
      };
      const relay = new OutboxRelay(ds, bus, {
        subjectPrefix: names.subjectPrefix,
        sweepAfterMs: 60_000,
        batchSize: 40,
        logger: { warn: () => undefined },
      });
      processes.push({ ds, bus, relay, published });
    }
  });
  afterAll(async () => {
    for (const p of processes) {
      await p.relay.stop();
      await p.bus.close();
      await p.ds.destroy();
    }
    await appender?.close();
    await deleteStream(natsUrl, names.streamName);
  });

  it('publishes each stale row once, in stream order, when two relays sweep together', async () => {
    // A process that appends and dies before publishing: a bare store, no relay attached.
    const store = new PostgresEventStore(appender.ds);
    for (let v = 0; v < EVENTS_PER_STREAM; v++) {
      await Promise.all(
        Array.from({ length: STREAMS }, (_, s) =>
          store.append(`thing-${s}`, [{ type: 'Thing', schemaVersion: 1, data: { s, v } } as DomainEvent], {
            expectedVersion: v,
            context: ctx,
          }),
        ),
      );
    }
    const stale = await appender.ds.query(`SELECT count(*)::int AS n FROM outbox`);
    expect(stale).toEqual([{ n: STREAMS * EVENTS_PER_STREAM }]);

    // Both at once, and again: the second round finds what the first left, if anything.
    await Promise.all(processes.map((p) => p.relay.sweep(0)));
    await Promise.all(processes.map((p) => p.relay.sweep(0)));

    expect(await appender.ds.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 0 }]);
    const published = processes.flatMap((p) => p.published);
    const ids = published.map((m) => m.msgId);
    expect(ids).toHaveLength(STREAMS * EVENTS_PER_STREAM);
    expect(new Set(ids).size).toBe(ids.length);
    // Each process publishes a stream's rows in version order.
    for (const p of processes) {
      const versions = new Map<string, number[]>();
      for (const m of p.published)
        versions.set(m.headers[HEADERS.streamId], [
          ...(versions.get(m.headers[HEADERS.streamId]) ?? []),
          Number(m.headers[HEADERS.streamVersion]),
        ]);
      for (const [stream, seen] of versions)
        expect({ stream, seen }).toEqual({ stream, seen: [...seen].sort((a, b) => a - b) });
    }
  });
});
