import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models built by the projector. Every column comes from event data or event timestamps,
 * never from now(), so a rebuild from position 0 ends in the same rows.
 */
export class ReadModels1763870400002 implements MigrationInterface {
  name = 'ReadModels1763870400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_clients (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        topics json NOT NULL,
        ip text,
        hostname text,
        status text NOT NULL,
        certificate_serial text,
        certificate_pem text,
        certificate_not_after timestamptz,
        key_origin text,
        enrolled_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_clients_name ON rm_clients (name)`);
    await q.query(`
      CREATE TABLE rm_certificates (
        serial_number text PRIMARY KEY,
        client_id text NOT NULL,
        certificate_pem text NOT NULL,
        fingerprint_sha256 text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        status text NOT NULL,
        revoked_at timestamptz,
        revocation_reason text,
        issued_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_certificates_client ON rm_certificates (client_id)`);
    await q.query(`
      CREATE TABLE projection_stream_versions (
        projection text NOT NULL,
        stream_id text NOT NULL,
        version integer NOT NULL,
        PRIMARY KEY (projection, stream_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_stream_versions`);
    await q.query(`DROP TABLE rm_certificates`);
    await q.query(`DROP TABLE rm_clients`);
  }
}
