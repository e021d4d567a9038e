import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issuer_registry: every issuer and which one signs new certificates, written in the transactions of the
 * events that create and activate them; the partial unique index holds one active. rm_issuers: the issuers
 * as GET /pki/issuers lists them, a projection; its commits tell every process that the issuers changed.
 */
export class Issuers1763870400170 implements MigrationInterface {
  name = 'Issuers1763870400170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issuer_registry (
        issuer_id uuid PRIMARY KEY,
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX issuer_registry_one_active ON issuer_registry ((true)) WHERE active`);
    await q.query(`
      CREATE TABLE rm_issuers (
        issuer_id uuid PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        certificate_pem text,
        chain_pem text NOT NULL DEFAULT '',
        csr_pem text,
        not_after timestamptz,
        created_at timestamptz NOT NULL,
        activated_at timestamptz,
        superseded_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_issuers`);
    await q.query(`DROP TABLE issuer_registry`);
  }
}
