import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@certplane/event-store';
import { ALL_PROJECTIONS, Projector, rebuildProjections } from '@certplane/projections';
import { createMigratedDataSource } from '../support/test-database';

/**
 * The rebuild reads the store in keyset pages of (transaction, position). Positions that cross a
 * digit boundary inside one transaction must still come in numeric order: ordered as text, '10'
 * sorts before '2', and the cursor jumped past events whose streams then stayed empty.
 */
describe('rebuildProjections reads every event, whatever the page size', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('rebuild_pages'));
  });
  afterAll(() => close());

  it('projects all 12 namespaces created in one transaction when reading 4 events a page', async () => {
    const ids = Array.from({ length: 12 }, () => randomBytes(16).toString('hex'));
    // One INSERT, one transaction: positions 1..12 of a fresh database, on both sides of 9/10.
    await ds.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       SELECT gen_random_uuid(), 'namespace-' || id, 1, 'NamespaceCreated', 1,
              json_build_object('namespaceId', id, 'name', 'ns-' || n, 'labels', json_build_object('certplane.io/uplink', '1'), 'annotations', '{}'::json),
              '{"correlationId":"00000000-0000-4000-8000-000000000001","actor":"test"}'
         FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
      [ids],
    );
    expect((await ds.query(`SELECT max(position)::int AS p FROM events`))[0].p).toBeGreaterThanOrEqual(10);
    const projector = new Projector(ds, new PostgresEventStore(ds), ALL_PROJECTIONS());

    const progress = await rebuildProjections(ds, projector, undefined, 4);

    expect(progress).toEqual({ done: 12, total: 12 });
    const rows = await ds.query(`SELECT namespace_id FROM rm_namespaces`);
    expect(rows.map((r: { namespace_id: string }) => r.namespace_id).sort()).toEqual([...ids].sort());
  });
});
