import { clientIdForDetailsSecret } from '@certplane/domain';
import { Client as PgClient } from 'pg';
import { Answer, Enrolment } from './load-generator';
import { FaultWindow } from './fault-steps';
import { ChildRun, minimalEnv } from '../test/support/processes';
import { REBUILD_ENTRY, REPO_ROOT, RunTopology } from './topology';

const streamOf = (e: Enrolment) => `client-${clientIdForDetailsSecret(e.detailsSecret)}`;

/** Accepted enrolments with and without a CertificateIssued in the event store. */
export async function issuance(db: PgClient, accepted: Enrolment[]): Promise<{ issued: number; lost: string[] }> {
  const { rows } = await db.query(
    `SELECT stream_id FROM events WHERE type = 'CertificateIssued' AND stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [accepted.map(streamOf)],
  );
  const withCert = new Set(rows.map((r) => r.stream_id as string));
  return { issued: withCert.size, lost: accepted.filter((e) => !withCert.has(streamOf(e))).map((e) => e.name) };
}

/**
 * Clients holding more certificates than they asked for. The load only enrols and leaves, so
 * each client stream must carry exactly one CertificateIssued: every client stream of the run
 * is checked, not only the accepted ones (an enrolment whose answer was lost counts too).
 */
export async function duplicatedIssuance(db: PgClient): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT stream_id FROM events WHERE stream_id LIKE 'client-%' GROUP BY stream_id
      HAVING count(*) FILTER (WHERE type = 'CertificateIssued') > count(*) FILTER (WHERE type IN ('ClientEnrolled', 'ClientEnabled', 'CertificateRenewed'))`,
  );
  const serials = await db.query(
    `SELECT data->>'serialNumber' AS serial FROM events WHERE type = 'CertificateIssued' GROUP BY 1 HAVING count(*) > 1`,
  );
  return [...rows.map((r) => r.stream_id as string), ...serials.rows.map((r) => `serial ${r.serial}`)];
}

/** The message ids of the poison messages that reached the dead-letter record. */
export async function deadLettered(db: PgClient, poisonIds: string[]): Promise<string[]> {
  const { rows } = await db.query(`SELECT DISTINCT msg_id FROM dead_letters WHERE msg_id = ANY($1::text[])`, [
    poisonIds,
  ]);
  return rows.map((r) => r.msg_id as string);
}

/** The read models and the per-stream checkpoints: what a rebuild must reproduce row for row. */
export const READ_MODEL_TABLES = [
  'rm_clients',
  'rm_certificates',
  'rm_tunnels',
  'rm_namespaces',
  'projection_stream_versions',
];

/** Rows present in one database and not the other, or different, keyed by primary key. */
export async function diffTables(
  live: PgClient,
  rebuilt: PgClient,
  tables = READ_MODEL_TABLES,
): Promise<{ total: number; byTable: Record<string, number>; examples: string[] }> {
  const byTable: Record<string, number> = {};
  const examples: string[] = [];
  let total = 0;
  for (const table of tables) {
    const [a, b] = await Promise.all([rowsByKey(live, table), rowsByKey(rebuilt, table)]);
    let n = 0;
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(k) === b.get(k)) continue;
      n++;
      if (examples.length < 5)
        examples.push(`${table} ${k}: live=${a.get(k) ?? '(none)'} rebuilt=${b.get(k) ?? '(none)'}`);
    }
    byTable[table] = n;
    total += n;
  }
  return { total, byTable, examples };
}

async function rowsByKey(db: PgClient, table: string): Promise<Map<string, string>> {
  const pk = await db.query(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
    [table],
  );
  if (pk.rows.length === 0) throw new Error(`${table} has no primary key to compare rows by`);
  const key = pk.rows.map((r) => `(${JSON.stringify(r.attname)})::text`).join(` || '/' || `);
  const { rows } = await db.query(`SELECT ${key} AS k, to_jsonb(t)::text AS v FROM ${table} t`);
  return new Map(rows.map((r) => [r.k as string, r.v as string]));
}

/**
 * The 5xx answers the docs list for an outage: 503 CERTIFICATE_PENDING / READ_MODEL_PENDING
 * whenever the workers lag (a frozen projector, a dead issuer, a broker restart), and 503
 * DATABASE_UNAVAILABLE while Postgres is down or coming back. Anything else is unexpected.
 */
export function unexpected5xx(answers: Answer[], windows: FaultWindow[], graceMs = 10_000): Answer[] {
  const pgDown = windows.filter((w) => w.kind === 'postgres-restart');
  // A request overlapping the outage: sent before it (a details call waits on the server) or up to graceMs after it.
  const inPgOutage = (a: Answer) => pgDown.some((w) => a.end >= w.start && a.at <= w.end + graceMs);
  return answers.filter((a) => {
    if (a.status < 500) return false;
    if (a.status === 503 && (a.code === 'CERTIFICATE_PENDING' || a.code === 'READ_MODEL_PENDING')) return false;
    if (a.status === 503 && a.code === 'DATABASE_UNAVAILABLE' && inPgOutage(a)) return false;
    return true;
  });
}

/** What the answers were, per operation and status (and code), for the report. */
export function answerSummary(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const k = `${a.op}:${a.status}${a.code ? ':' + a.code : ''}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export async function rebuiltCopy(topo: RunTopology): Promise<string> {
  const copy = `${topo.database}_rebuilt`;
  await topo.withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${copy}`);
    await c.query(`CREATE DATABASE ${copy} TEMPLATE ${topo.database}`);
  });
  return copy;
}

/** The live read models against a copy of the database whose read models were rebuilt from its event store. */
export async function readModelDiff(topo: RunTopology) {
  const copy = await rebuiltCopy(topo);
  const rebuild = ChildRun.spawn('projections:rebuild', process.execPath, [REBUILD_ENTRY], {
    env: {
      ...minimalEnv(),
      DATABASE_URL: topo.pg.urlOf(copy),
      NATS_URL: topo.natsUrl,
      CERTPLANE_API_TOKEN: topo.secrets.apiToken,
      CERTPLANE_ENCRYPTION_KEY: topo.secrets.encryptionKey,
      CERTPLANE_LOG_LEVEL: 'warn',
    },
    cwd: REPO_ROOT,
  });
  const exit = await rebuild.waitForExit(120_000);
  if (exit.code !== 0) throw new Error(`projections:rebuild of the copy failed\n${rebuild.describe()}`);
  const [live, rebuilt] = [
    new PgClient({ connectionString: topo.databaseUrl }),
    new PgClient({ connectionString: topo.pg.urlOf(copy) }),
  ];
  await Promise.all([live.connect(), rebuilt.connect()]);
  try {
    return await diffTables(live, rebuilt);
  } finally {
    await Promise.all([live.end(), rebuilt.end()]);
  }
}
