import {
  CertificateHoldReleased,
  CertificateIssued,
  CertificateRegistered,
  CertificateRegisteredData,
  CertificateRevoked,
  eventRegistry,
} from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection, rounds } from '../projection';
import { StoredEvent } from '@certplane/event-store';
import { CertificateNames, certificateNames, issuedCertificateNames } from './certificate-names';

/**
 * rm_certificates: every certificate a client ever held, issued or registered, with its
 * revocation state (reason, time and actor), and the CN and SANs of the certificate itself (the inventory shows what the
 * certificate says, which a rename or a registered certificate can make differ from the client): as
 * CertificateIssued states them, or read from the PEM when it does not.
 */
export class CertificateProjection implements Projection {
  readonly name = 'certificates';
  readonly category = 'client';
  readonly tables = ['rm_certificates'];

  apply(tx: Tx, e: StoredEvent): Promise<void> {
    return this.applyAll(tx, [[e]]);
  }

  /** One INSERT for a round's new certificates; revocations and releases, rare, one statement each. */
  async applyAll(tx: Tx, streams: StoredEvent[][]): Promise<void> {
    for (const round of rounds(streams)) {
      const inserts: Record<string, unknown>[] = [];
      for (const e of round) {
        switch (e.type) {
          case 'CertificateIssued': {
            const d = eventRegistry.dataOf(CertificateIssued, e);
            inserts.push(row(d, d.keyOrigin, e.recordedAt, issuedCertificateNames(d)));
            break;
          }
          case 'CertificateRegistered': {
            const d = eventRegistry.dataOf(CertificateRegistered, e);
            inserts.push(row(d, 'registered', e.recordedAt, certificateNames(d.certificatePem)));
            break;
          }
          case 'CertificateRevoked': {
            const d = eventRegistry.dataOf(CertificateRevoked, e);
            await tx.query(
              `UPDATE rm_certificates SET status = 'revoked', revoked_at = $2, revocation_reason = $3, revoked_by = $4 WHERE serial_number = $1`,
              [d.serialNumber, d.revokedAt, d.reason, e.metadata.actor ?? null],
            );
            break;
          }
          case 'CertificateHoldReleased': {
            const d = eventRegistry.dataOf(CertificateHoldReleased, e);
            await tx.query(
              `UPDATE rm_certificates SET status = 'valid', revoked_at = NULL, revocation_reason = NULL, revoked_by = NULL WHERE serial_number = $1`,
              [d.serialNumber],
            );
            break;
          }
        }
      }
      if (inserts.length === 0) continue;
      await tx.query(
        `INSERT INTO rm_certificates (serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, issued_at, key_origin, common_name, subject_alt_names)
         SELECT serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, issued_at, key_origin, common_name, subject_alt_names
           FROM json_populate_recordset(NULL::rm_certificates, $1::json)`,
        [JSON.stringify(inserts)],
      );
    }
  }
}

function row(
  d: CertificateRegisteredData,
  keyOrigin: string,
  recordedAt: Date,
  { commonName, subjectAltNames }: CertificateNames,
): Record<string, unknown> {
  return {
    serial_number: d.serialNumber,
    client_id: d.clientId,
    certificate_pem: d.certificatePem,
    fingerprint_sha256: d.fingerprintSha256,
    not_before: d.notBefore,
    not_after: d.notAfter,
    status: 'valid',
    issued_at: recordedAt,
    key_origin: keyOrigin,
    common_name: commonName,
    subject_alt_names: subjectAltNames,
  };
}
