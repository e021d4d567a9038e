import { DataSource } from 'typeorm';
import { CertplaneConfig } from '@certplane/config';
import { createDataSource, EmbeddedPostgres, runMigrations, startEmbeddedPostgres } from '@certplane/persistence';
import { AppLogger } from './logger';

export interface Database {
  ds: DataSource;
  embedded?: EmbeddedPostgres;
}

/** Real Postgres when DATABASE_URL is set, otherwise PGlite under the data dir; migrated before use. */
export async function openDatabase(config: CertplaneConfig, role: string, logger: AppLogger): Promise<Database> {
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
  await ds.initialize();
  if (config.migrateOnStart) {
    // The embedded server is one session shared by all connections: a session lock would not exclude anything.
    const applied = await runMigrations(ds, { lock: !embedded });
    if (applied.length > 0) logger.info('database migrated', { applied });
  }
  return { ds, embedded };
}
