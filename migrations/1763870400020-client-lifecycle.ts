import { MigrationInterface, QueryRunner } from 'typeorm';
import { parseCertificatePem, summarizeCertificate } from '@certplane/pki';

/**
 * The client lifecycle: disabled clients, registered certificates, tags and metadata.
 *
 * Write side: a disabled client keeps its name, ip and hostname reserved (it can come back), so
 * the registry only learns the flag; certificate_serials makes a serial belong to one certificate
 * of one client, race-free, whether issued or registered.
 *
 * Read models: every new column is what the projection writes from the events, and the backfill
 * below writes exactly that for rows projected before this migration, so a rebuild changes nothing.
 */
export class ClientLifecycle1763870400020 implements MigrationInterface {
  name = 'ClientLifecycle1763870400020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_registry ADD COLUMN disabled boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE certificate_serials (
        serial_number text PRIMARY KEY,
        client_id text NOT NULL
      )`);
    await q.query(`INSERT INTO certificate_serials (serial_number, client_id)
                   SELECT data->>'serialNumber', data->>'clientId' FROM events WHERE type = 'CertificateIssued' ON CONFLICT DO NOTHING`);

    await q.query(
      `ALTER TABLE rm_clients ADD COLUMN tags text[] NOT NULL DEFAULT '{}', ADD COLUMN metadata json NOT NULL DEFAULT '{}', ADD COLUMN updated_by text`,
    );
    await q.query(`UPDATE rm_clients SET status = 'enabled' WHERE status = 'active'`);
    // updated_by is the actor of the event the row was last projected from.
    await q.query(`
      UPDATE rm_clients c SET updated_by = e.metadata->>'actor'
        FROM projection_stream_versions v JOIN events e ON e.stream_id = v.stream_id AND e.stream_version = v.version
       WHERE v.projection = 'clients' AND v.stream_id = 'client-' || c.client_id`);
    await q.query(`CREATE INDEX rm_clients_tags ON rm_clients USING gin (tags)`);
    await q.query(`CREATE INDEX rm_clients_listing ON rm_clients (status, enrolled_at, client_id)`);

    await q.query(
      `ALTER TABLE rm_certificates ADD COLUMN key_origin text, ADD COLUMN common_name text, ADD COLUMN subject_alt_names json`,
    );
    await q.query(`
      UPDATE rm_certificates c SET key_origin = e.data->>'keyOrigin'
        FROM events e WHERE e.type = 'CertificateIssued' AND e.data->>'serialNumber' = c.serial_number`);
    const rows: Array<{ serial_number: string; certificate_pem: string }> = await q.query(
      `SELECT serial_number, certificate_pem FROM rm_certificates`,
    );
    for (const row of rows) {
      const { commonName, subjectAltNames } = summarizeCertificate(parseCertificatePem(row.certificate_pem));
      await q.query(`UPDATE rm_certificates SET common_name = $2, subject_alt_names = $3 WHERE serial_number = $1`, [
        row.serial_number,
        commonName,
        JSON.stringify(subjectAltNames),
      ]);
    }
    await q.query(`CREATE INDEX rm_certificates_not_after ON rm_certificates (not_after, serial_number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rm_certificates_not_after`);
    await q.query(
      `ALTER TABLE rm_certificates DROP COLUMN subject_alt_names, DROP COLUMN common_name, DROP COLUMN key_origin`,
    );
    await q.query(`DROP INDEX rm_clients_listing`);
    await q.query(`DROP INDEX rm_clients_tags`);
    await q.query(`UPDATE rm_clients SET status = 'active' WHERE status <> 'removed'`);
    await q.query(`ALTER TABLE rm_clients DROP COLUMN updated_by, DROP COLUMN metadata, DROP COLUMN tags`);
    await q.query(`DROP TABLE certificate_serials`);
    await q.query(`ALTER TABLE client_registry DROP COLUMN disabled`);
  }
}
