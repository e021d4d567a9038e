import { DataSource } from 'typeorm';
import { pageStatement, Where } from '../../apps/api/src/http/query-page';
import { CLIENT_ROWS } from '../../apps/api/src/clients/client-view';
import { createMigratedDataSource } from '../support/test-database';

interface PlanNode {
  'Relation Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** How many times the plan scanned `relation` (index lookups in a nested loop count one each). */
function scansOf(plan: PlanNode, relation: string): number {
  const own = plan['Relation Name'] === relation ? (plan['Actual Loops'] ?? 0) : 0;
  return own + (plan.Plans ?? []).reduce((sum, p) => sum + scansOf(p, relation), 0);
}

describe('a page of clients (real Postgres, tables as fresh as right after a bulk create)', () => {
  const CLIENTS = 3000;
  const PAGE = 25;
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('pagejoin'));
    // Rows written the way the projector writes them, and no ANALYZE since: the planner's view
    // while a bulk create is being projected.
    await ds.query(
      `INSERT INTO rm_clients (client_id, name, topics, status, enrolled_at, updated_at, tags, certificate_serial)
       SELECT 'c' || lpad(i::text, 5, '0'), 'n' || i, '{}', 'enabled', now() - make_interval(secs => $1 - i), now(),
              ARRAY['listed'], 's' || i
         FROM generate_series(1, $1) AS i`,
      [CLIENTS],
    );
    await ds.query(
      `INSERT INTO rm_certificates (serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, issued_at)
       SELECT 's' || i, 'c' || lpad(i::text, 5, '0'), 'pem', 'fp', now(), now() + interval '1 day', 'valid', now()
         FROM generate_series(1, $1) AS i`,
      [CLIENTS],
    );
  });
  afterAll(() => close());

  const page = (offset: number) => {
    const where = new Where().and(`c.status <> 'removed'`).and('c.tags @> ARRAY[?]::text[]', 'listed');
    return {
      sql: pageStatement({ ...CLIENT_ROWS, where, orderBy: 'c.enrolled_at ASC, c.client_id ASC' }),
      params: [...where.params, PAGE, offset],
    };
  };

  it("looks up the certificates of the page's rows only, however many clients match", async () => {
    const { sql, params } = page(100);
    const [{ 'QUERY PLAN': plan }] = await ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    expect(scansOf(plan[0].Plan, 'rm_clients')).toBe(1);
    expect(scansOf(plan[0].Plan, 'rm_certificates')).toBeLessThanOrEqual(PAGE);
  });

  it('answers the rows and order the plain join answers, with their certificate columns', async () => {
    const { sql, params } = page(100);
    const rows: { client_id: string; certificate_serial: string; cert_fingerprint: string }[] = await ds.query(
      sql,
      params,
    );
    const plain: typeof rows = await ds.query(
      `SELECT ${CLIENT_ROWS.select} FROM rm_clients c ${CLIENT_ROWS.joined}
        WHERE c.status <> 'removed' AND c.tags @> ARRAY[$1]::text[]
        ORDER BY c.enrolled_at ASC, c.client_id ASC LIMIT $2 OFFSET $3`,
      params,
    );
    expect(rows).toHaveLength(PAGE);
    expect(rows).toEqual(plain);
    expect(rows[0]).toMatchObject({ client_id: 'c00101', certificate_serial: 's101', cert_fingerprint: 'fp' });
  });
});
