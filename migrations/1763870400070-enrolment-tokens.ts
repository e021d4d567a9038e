import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrolment tokens. Write side, kept in the append transaction of the token's events: the
 * registry of every token by id, with the SHA-256 digest a presented token is found by (unique:
 * a digest names one token) and the stream version reads wait for. Read model, built by the
 * projector from event data and timestamps only.
 */
export class EnrolmentTokens1763870400070 implements MigrationInterface {
  name = 'EnrolmentTokens1763870400070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enrolment_token_registry (
        token_id text PRIMARY KEY,
        digest text NOT NULL UNIQUE,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE rm_enrolment_tokens (
        token_id text PRIMARY KEY,
        name text,
        name_pattern text,
        ip text,
        hostname text,
        tags json,
        metadata json,
        topics json,
        validity_days integer,
        uses integer NOT NULL,
        used integer NOT NULL,
        revoked boolean NOT NULL,
        expires_at timestamptz NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_enrolment_tokens`);
    await q.query(`DROP TABLE enrolment_token_registry`);
  }
}
