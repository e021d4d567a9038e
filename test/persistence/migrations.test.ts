import { createDataSource, runMigrations } from '@certplane/persistence';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations (real Postgres)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('mig');
  });
  afterAll(() => db.drop());

  it('take turns when several processes start at once: each migration runs exactly once', async () => {
    const sources = Array.from({ length: 4 }, (_, i) =>
      createDataSource({ url: db.url, poolSize: 2, applicationName: `mig-${i}` }),
    );
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const applied = await Promise.all(sources.map((s) => runMigrations(s, { lock: true })));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
      const rows = await sources[0].query(`SELECT name FROM schema_migrations ORDER BY id`);
      expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      expect(await sources[0].showMigrations()).toBe(false);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
