import { DataSource } from 'typeorm';

// Any constant shared by every certplane process; "certplane" in ASCII.
const MIGRATION_LOCK_KEY = 0x63657274706c616en;

/**
 * Several processes start at once in the distributed topology; a session advisory lock makes
 * them take turns, and the later ones find nothing left to run. The lock is held on its own
 * connection because TypeORM runs the migrations on another.
 */
export async function runMigrations(ds: DataSource, opts: { lock: boolean }): Promise<string[]> {
  if (!opts.lock) return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const lockRunner = ds.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await lockRunner.release();
  }
}
