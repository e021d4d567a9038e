import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retirement: the latest notAfter of the certificates an issuer signed (CertificateIssued and
 * CertificateRegistered carry the issuer's id) is read from the event store by this index, not scanned;
 * rm_issuers shows when an issuer retired.
 */
export class IssuerRetirement1763870400200 implements MigrationInterface {
  name = 'IssuerRetirement1763870400200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX events_certificate_issuer ON events ((data->>'issuerId'), (data->>'notAfter'))
       WHERE type IN ('CertificateIssued', 'CertificateRegistered')`,
    );
    await q.query(`ALTER TABLE rm_issuers ADD COLUMN retired_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_issuers DROP COLUMN retired_at`);
    await q.query(`DROP INDEX events_certificate_issuer`);
  }
}
