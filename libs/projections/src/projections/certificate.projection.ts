import { CertificateIssuedData, CertificateRegisteredData, CertificateRevokedData, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';
import { certificateNames } from './certificate-names';

/**
 * rm_certificates: every certificate a client ever held, issued or registered, with its
 * revocation state, and the CN and SANs read from the certificate itself (the inventory shows what
 * the certificate says, which a rename or a registered certificate can make differ from the client).
 */
export class CertificateProjection implements Projection {
  readonly name = 'certificates';
  readonly category = 'client';
  readonly tables = ['rm_certificates'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    switch (e.type) {
      case 'CertificateIssued': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateIssuedData;
        return this.insert(tx, d, d.keyOrigin, e.recordedAt);
      }
      case 'CertificateRegistered': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateRegisteredData;
        return this.insert(tx, d, 'registered', e.recordedAt);
      }
      case 'CertificateRevoked': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateRevokedData;
        await tx.query(`UPDATE rm_certificates SET status = 'revoked', revoked_at = $2, revocation_reason = $3 WHERE serial_number = $1`, [d.serialNumber, d.revokedAt, d.reason]);
        return;
      }
    }
  }

  private async insert(tx: Tx, d: CertificateRegisteredData, keyOrigin: string, recordedAt: Date): Promise<void> {
    const { commonName, subjectAltNames } = certificateNames(d.certificatePem);
    await tx.query(
      `INSERT INTO rm_certificates (serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, issued_at, key_origin, common_name, subject_alt_names)
       VALUES ($1, $2, $3, $4, $5, $6, 'valid', $7, $8, $9, $10)`,
      [d.serialNumber, d.clientId, d.certificatePem, d.fingerprintSha256, d.notBefore, d.notAfter, recordedAt, keyOrigin, commonName, JSON.stringify(subjectAltNames)],
    );
  }
}
