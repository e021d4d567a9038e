import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CRL most recently signed, per CA. Its number must only grow across restarts and across api processes,
 * and every process must serve the same CRL for a number, so both live here rather than in memory. Not a
 * projection: a rebuild of the read models leaves it alone, and the next request re-signs only if the
 * revoked set it was built from has changed.
 */
export class CrlState1763870400030 implements MigrationInterface {
  name = 'CrlState1763870400030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crl_state (
        id text PRIMARY KEY,
        crl_number bigint NOT NULL CHECK (crl_number > 0),
        revoked_set_digest text NOT NULL,
        this_update timestamptz NOT NULL,
        next_update timestamptz NOT NULL,
        crl_der bytea NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crl_state`);
  }
}
