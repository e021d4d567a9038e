import { DataSource } from 'typeorm';
import { Client, clientIdForDetailsSecret, newDetailsSecret } from '@certplane/domain';
import { ClientRepository, PostgresEventStore } from '@certplane/event-store';
import { ALL_PROJECTIONS, Projector } from '@certplane/projections';
import { createMigratedDataSource } from '../support/test-database';

const ctx = { correlationId: '00000000-0000-4000-8000-000000000004', actor: 'test' };

describe('projector batches in flight together (real Postgres)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('ckorder'));
    store = new PostgresEventStore(ds);
  });
  afterAll(() => close());
  afterEach(() => jest.restoreAllMocks());

  it("moves a stream's checkpoint in batch order even when the earlier batch gets its connection last", async () => {
    const clients = new ClientRepository(store);
    const id = clientIdForDetailsSecret(newDetailsSecret());
    const { events: enrolled } = await clients.create(
      id,
      { events: Client.enroll({ clientId: id, name: 'ordered', topics: { insert: 'data' } }) },
      ctx,
    );
    const { events: disabled } = await clients.update(id, (c) => ({ events: c.disable() }), ctx);
    const projector = new Projector(ds, store, ALL_PROJECTIONS());

    // The first batch's connection comes late: without an order, the second batch would lock the
    // checkpoint first, find it behind, and read the stream from the store to catch it up.
    const connect = ds.createQueryRunner.bind(ds);
    let first = true;
    jest.spyOn(ds, 'createQueryRunner').mockImplementation((...args) => {
      const runner = connect(...args);
      if (first) {
        first = false;
        const late = runner.connect.bind(runner);
        runner.connect = () => new Promise((resolve) => setTimeout(resolve, 200)).then(late);
      }
      return runner;
    });
    const reads = jest.spyOn(store, 'readStream');

    const earlier = projector.project(enrolled[0]);
    // A tick later: its own batch, not the first one's.
    await new Promise((resolve) => setImmediate(resolve));
    const answers = await Promise.all([earlier, projector.project(disabled[0])]);

    expect(answers).toEqual([{ applied: 2 }, { applied: 2 }]);
    expect(reads).not.toHaveBeenCalled();
    const [row] = await ds.query(`SELECT status FROM rm_clients WHERE client_id = $1`, [id]);
    expect(row.status).toBe('disabled');
    const checkpoints = await ds.query(
      `SELECT projection, version FROM projection_stream_versions WHERE stream_id = $1 ORDER BY projection`,
      [`client-${id}`],
    );
    expect(checkpoints).toEqual([
      { projection: 'certificates', version: 2 },
      { projection: 'clients', version: 2 },
    ]);
  });
});
