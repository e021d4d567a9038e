import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@certplane/persistence';
import { testServices } from './test-services';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per test file, so parallel files and concurrent runs never see each other's rows. */
export async function createTestDatabase(label = 'cp'): Promise<TestDatabase> {
  const { postgresAdminUrl } = testServices();
  const name = `${label}_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: postgresAdminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated data source on a fresh database; close it and drop the database in afterAll. */
export async function createMigratedDataSource(
  label?: string,
): Promise<{ db: TestDatabase; ds: DataSource; close(): Promise<void> }> {
  const db = await createTestDatabase(label);
  const ds = createDataSource({ url: db.url, poolSize: 10, applicationName: 'certplane-test' });
  await ds.initialize();
  await runMigrations(ds, { lock: true });
  return {
    db,
    ds,
    async close() {
      await ds.destroy();
      await db.drop();
    },
  };
}

/** Moved to ./nats-admin (it names NATS things, not database ones); kept here for the files that import it from this module. */
export { uniqueBusNames } from './nats-admin';
