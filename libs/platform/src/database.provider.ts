import { DatabaseError } from 'pg';
import { DataSource } from 'typeorm';
import { CertplaneConfig } from '@certplane/config';
import {
  createDataSource,
  EmbeddedPostgres,
  ensureDatabase,
  runMigrations,
  startEmbeddedPostgres,
} from '@certplane/persistence';
import { AppLogger } from './logger';
import { describeUrl, StartupFailure } from './startup-failure';

export interface Database {
  ds: DataSource;
  embedded?: EmbeddedPostgres;
}

/** Real Postgres when DATABASE_URL is set, otherwise PGlite under the data dir; migrated before use. */
export async function openDatabase(config: CertplaneConfig, role: string, logger: AppLogger): Promise<Database> {
  if (config.databaseUrl) {
    const { created } = await ensureDatabase(config.databaseUrl).catch((e: unknown) => {
      throw databaseFailure(e, config.databaseUrl!);
    });
    if (created) logger.info('created the database DATABASE_URL names', { database: describeUrl(config.databaseUrl) });
  }
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, config.dbPoolSize);
  const ds = createDataSource({
    url: config.databaseUrl ?? embedded!.url,
    // PGlite is one session, and its socket server queues wire messages one by one: two pooled
    // connections' extended-protocol messages interleave (a Bind meets the other's Parse, results
    // go to the wrong caller, and a transaction can wait forever behind a half-sent query). One
    // connection keeps every query whole; all code inside a transaction uses its tx, not the pool.
    poolSize: embedded ? 1 : config.dbPoolSize,
    applicationName: `certplane-${role}`,
    onPoolError: (e) => logger.warn('idle Postgres connection failed; the pool replaces it', { error: e.message }),
  });
  try {
    await ds.initialize();
  } catch (e) {
    throw config.databaseUrl ? databaseFailure(e, config.databaseUrl) : e;
  }
  if (config.migrateOnStart) {
    // The embedded server is one session shared by all connections: a session lock would not exclude anything.
    const applied = await runMigrations(ds, { lock: !embedded });
    if (applied.length > 0) logger.info('database migrated', { applied });
  }
  return { ds, embedded };
}

/** What went wrong reaching DATABASE_URL, and what to do about it, in one line. */
function databaseFailure(e: unknown, url: string): StartupFailure {
  const where = describeUrl(url);
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const code = (e as { code?: string }).code;
  if (e instanceof DatabaseError) {
    if (code === '3D000' || code === '42501') {
      return new StartupFailure(
        `the database "${name}" does not exist at ${where} (DATABASE_URL), and its role may not create it: ` +
          `create it as a superuser (createdb -h ${u.hostname} -p ${u.port || 5432} -O ${decodeURIComponent(u.username) || 'postgres'} ${name}) or grant the role CREATEDB`,
        { cause: e },
      );
    }
    if (code === '28P01' || code === '28000') {
      return new StartupFailure(
        `PostgreSQL at ${where} refused the login (DATABASE_URL): ${e.message}; check the user and password`,
        { cause: e },
      );
    }
    return new StartupFailure(`PostgreSQL at ${where} (DATABASE_URL) refused to start certplane: ${e.message}`, {
      cause: e,
    });
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    /timeout/i.test(String((e as Error)?.message))
  ) {
    return new StartupFailure(
      `cannot reach PostgreSQL at ${where} (DATABASE_URL): ${code ?? (e as Error).message}; start it, or point DATABASE_URL at a running server`,
      { cause: e },
    );
  }
  return new StartupFailure(
    `cannot open the database at ${where} (DATABASE_URL): ${(e as Error)?.message ?? String(e)}`,
    { cause: e },
  );
}
