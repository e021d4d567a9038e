import { createHash } from 'node:crypto';
import { Tx } from '@certplane/persistence';
import { canonicalSerialNumber, LoadedCertificateAuthority, RevokedCertificateEntry } from '@certplane/pki';

interface RevokedRow {
  serial_number: string;
  revoked_at: Date;
  revocation_reason: string | null;
  certificate_pem?: string;
}

export interface RevokedCertificate extends RevokedCertificateEntry {
  /** Only when asked for: signing needs it to tell this CA's certificates from others, the freshness check does not */
  certificatePem?: string;
}

/**
 * Every revoked certificate of the read model not yet expired at `at`, in serial order. Serials are
 * canonicalised here, so the digest and the CRL compare them as the relying party's tools do.
 */
export async function readRevokedSet(
  db: Tx,
  at: Date,
  opts: { withCertificates?: boolean } = {},
): Promise<RevokedCertificate[]> {
  const rows = await db.query<RevokedRow>(
    `SELECT serial_number, revoked_at, revocation_reason${opts.withCertificates ? ', certificate_pem' : ''}
       FROM rm_certificates WHERE status = 'revoked' AND not_after > $1`,
    [at],
  );
  return rows
    .map((r) => ({
      serialNumber: canonicalSerialNumber(r.serial_number),
      revokedAt: new Date(r.revoked_at),
      reason: r.revocation_reason ?? 'unspecified',
      ...(r.certificate_pem !== undefined ? { certificatePem: r.certificate_pem } : {}),
    }))
    .sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0));
}

/**
 * Names what a CRL is built from: the CA and the revoked set. A stored CRL with the same digest lists the
 * same entries, so it can be served as it is.
 */
export function revokedSetDigest(ca: LoadedCertificateAuthority, revoked: readonly RevokedCertificateEntry[]): string {
  const hash = createHash('sha256').update(Buffer.from(ca.certificate.rawData));
  for (const e of revoked) hash.update(`\n${e.serialNumber},${e.revokedAt.toISOString()},${e.reason}`);
  return hash.digest('hex');
}
