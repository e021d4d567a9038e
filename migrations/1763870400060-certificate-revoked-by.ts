import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who revoked a certificate: the actor of its CertificateRevoked, as the projection writes it, for the
 * inventory and the log line of an mTLS refusal. The backfill writes the same for rows projected
 * before this migration (the latest revocation of each serial), so a rebuild changes nothing.
 */
export class CertificateRevokedBy1763870400060 implements MigrationInterface {
  name = 'CertificateRevokedBy1763870400060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_certificates ADD COLUMN revoked_by text`);
    await q.query(`
      UPDATE rm_certificates rc SET revoked_by = e.actor
        FROM (SELECT DISTINCT ON (data->>'serialNumber') data->>'serialNumber' AS serial_number, metadata->>'actor' AS actor
                FROM events WHERE type = 'CertificateRevoked' ORDER BY data->>'serialNumber', position DESC) e
       WHERE rc.serial_number = e.serial_number AND rc.status = 'revoked'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_certificates DROP COLUMN revoked_by`);
  }
}
