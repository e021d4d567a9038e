import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The api's rate limits, counted where every replica reads them. Unlogged: a counter lost in a
 * database crash only forgives a minute's (an hour's, for renewals) requests, and unlogged writes
 * stay off the WAL that every request would otherwise add to.
 *
 * rate_limit_hits: requests per limit and key, per second and per replica, so a replica can read
 * what the others counted without counting its own twice. rate_limit_strikes: failures per kind
 * and address in a fixed window, counted exactly.
 */
export class SharedRateLimits1763870400100 implements MigrationInterface {
  name = 'SharedRateLimits1763870400100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_hits (
        name text NOT NULL,
        key text NOT NULL,
        second bigint NOT NULL,
        replica uuid NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (name, key, second, replica)
      )`);
    await q.query(`CREATE INDEX rate_limit_hits_second ON rate_limit_hits (second)`);
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_strikes (
        kind text NOT NULL,
        key text NOT NULL,
        strikes integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        PRIMARY KEY (kind, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_strikes`);
    await q.query(`DROP TABLE rate_limit_hits`);
  }
}
