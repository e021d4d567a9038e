import { Client, DatabaseError } from 'pg';

/** Postgres' "database does not exist" (SQLSTATE 3D000). */
const INVALID_CATALOG_NAME = '3D000';

export type EnsureDatabaseResult = { created: boolean };

/**
 * Creates the database a DATABASE_URL names when it does not exist yet and the URL's role may
 * create databases, so the distributed topology starts on a fresh Postgres with no manual step.
 * It connects to the server's `postgres` database for that. Anything else (the server down, a
 * refused login, a role without CREATEDB) is left to the caller, as the error Postgres gave.
 */
export async function ensureDatabase(url: string): Promise<EnsureDatabaseResult> {
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 10000 });
  try {
    await probe.connect();
    return { created: false };
  } catch (e) {
    if (!(e instanceof DatabaseError) || e.code !== INVALID_CATALOG_NAME) throw e;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 10000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return { created: true };
  } catch (e) {
    // Another process created it first (two apps starting together): just as good.
    if (e instanceof DatabaseError && (e.code === '42P04' || e.code === '23505')) return { created: false };
    throw e;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
