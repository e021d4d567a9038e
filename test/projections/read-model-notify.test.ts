import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@certplane/event-store';
import { ReadModelListener } from '@certplane/platform';
import { ALL_PROJECTIONS, Projector } from '@certplane/projections';
import { ReadModelUpdates } from '@certplane/read-model';
import { createMigratedDataSource, TestDatabase } from '../support/test-database';

const quiet = { warn: () => undefined, info: () => undefined };

/**
 * The distributed api has no projector of its own: a projector process NOTIFYs each commit and the
 * api's listener wakes the readers waiting for those streams, over real Postgres connections.
 */
describe('read model changes across processes (LISTEN/NOTIFY)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let projector: Projector;
  let updates: ReadModelUpdates;
  let listener: ReadModelListener;

  beforeAll(async () => {
    ({ db, ds, close } = await createMigratedDataSource('rm_notify'));
    store = new PostgresEventStore(ds);
    // The projector's own process has no readers: no ReadModelUpdates of its own to wake.
    projector = new Projector(ds, store, ALL_PROJECTIONS(), undefined, { notifyOtherProcesses: true });
    updates = new ReadModelUpdates();
    listener = new ReadModelListener(db.url, updates, quiet);
    await listener.start();
  });
  afterAll(async () => {
    await listener.stop();
    await close();
  });

  it('wakes a reader waiting for the stream when the projector commits, and says readers need not poll', async () => {
    expect(updates.wokenByCommits).toBe(true);
    const id = randomBytes(16).toString('hex');
    const streamId = `namespace-${id}`;
    const watch = updates.watch(streamId);
    const other = updates.watch('namespace-someone-else');
    let woken = false;
    const waiting = watch.within(20_000).then(() => (woken = true));
    const [event] = await store.append(
      streamId,
      [
        {
          type: 'NamespaceCreated',
          schemaVersion: 1,
          data: { namespaceId: id, name: `ns-${id.slice(0, 8)}`, labels: {}, annotations: {} },
        },
      ],
      {
        expectedVersion: 0,
        context: { correlationId: '00000000-0000-4000-8000-000000000001', actor: 'test' },
      },
    );
    expect(woken).toBe(false);
    const started = Date.now();
    await projector.project(event);
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    // Only that stream's readers: another stream's watch is still waiting.
    let otherWoken = false;
    void other.within(50).then(() => (otherWoken = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(otherWoken).toBe(false);
    other.close();
  });

  it('comes back after its connection is killed, and wakes every reader once it listens again', async () => {
    const waiting = updates.watch('namespace-waiting-through-the-outage').within(20_000);
    await ds.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'certplane read-model listener' AND datname = current_database()`,
    );
    await waiting; // woken when the listener is back, since changes may have gone by unheard
    expect(updates.wokenByCommits).toBe(true);
    const streamId = `namespace-${randomBytes(16).toString('hex')}`;
    const watch = updates.watch(streamId);
    const done = watch.within(20_000);
    // The next commit is heard again.
    const id = streamId.slice('namespace-'.length);
    const [event] = await store.append(
      streamId,
      [
        {
          type: 'NamespaceCreated',
          schemaVersion: 1,
          data: { namespaceId: id, name: `ns-${id.slice(0, 8)}`, labels: {}, annotations: {} },
        },
      ],
      {
        expectedVersion: 0,
        context: { correlationId: '00000000-0000-4000-8000-000000000001', actor: 'test' },
      },
    );
    const started = Date.now();
    await projector.project(event);
    await done;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
