import { CertificateIssuedData, CertificateRevokedData, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';

/** rm_certificates: every certificate ever issued, with its revocation state. */
export class CertificateProjection implements Projection {
  readonly name = 'certificates';
  readonly category = 'client';
  readonly tables = ['rm_certificates'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    switch (e.type) {
      case 'CertificateIssued': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateIssuedData;
        await tx.query(
          `INSERT INTO rm_certificates (serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'valid', $7)`,
          [d.serialNumber, d.clientId, d.certificatePem, d.fingerprintSha256, d.notBefore, d.notAfter, e.recordedAt],
        );
        return;
      }
      case 'CertificateRevoked': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateRevokedData;
        await tx.query(`UPDATE rm_certificates SET status = 'revoked', revoked_at = $2, revocation_reason = $3 WHERE serial_number = $1`, [d.serialNumber, d.revokedAt, d.reason]);
        return;
      }
    }
  }
}
