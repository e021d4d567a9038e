import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Write-side state kept in the same transaction as the events that change it: the registry
 * reserves live names (a unique index, so concurrent enrolments cannot both win), and the
 * vault keeps sealed secrets apart from the event stream.
 */
export class ClientWriteSide1763870400001 implements MigrationInterface {
  name = 'ClientWriteSide1763870400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_registry (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        ip text,
        hostname text,
        active boolean NOT NULL DEFAULT true,
        enrolled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX client_registry_live_name ON client_registry (name) WHERE active`);
    await q.query(
      `CREATE UNIQUE INDEX client_registry_live_ip ON client_registry (ip) WHERE active AND ip IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX client_registry_live_hostname ON client_registry (lower(hostname)) WHERE active AND hostname IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE client_keys (
        client_id text PRIMARY KEY,
        serial_number text NOT NULL,
        sealed_private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE certificate_authorities (
        id text PRIMARY KEY,
        cluster_id uuid NOT NULL,
        certificate_pem text NOT NULL,
        sealed_private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate_authorities`);
    await q.query(`DROP TABLE client_keys`);
    await q.query(`DROP TABLE client_registry`);
  }
}
