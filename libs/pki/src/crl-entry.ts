import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { PkiError } from './pki.errors';

/** RFC 5280 CRLReason names and codes; CRL entries and OCSP answers carry the same codes. */
export const REVOCATION_REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReasonName = keyof typeof REVOCATION_REASON_CODES;

/** A revoked certificate as a CRL entry and an OCSP "revoked" answer both describe it. */
export interface RevokedCertificateEntry {
  /** Hex; any case, leading zero octets allowed (it is canonicalised) */
  serialNumber: string;
  revokedAt: Date;
  reason: string;
}

/**
 * The reason's code. A name outside RFC 5280 is read as unspecified rather than refused: the certificate is
 * revoked either way, and dropping it from the CRL over its reason would be the worse failure.
 */
export function revocationReasonCode(reason: string): number {
  return Object.hasOwn(REVOCATION_REASON_CODES, reason) ? REVOCATION_REASON_CODES[reason as RevocationReasonName] : 0;
}

const HEX = /^(?:[0-9a-f]{2})+$/i;

/**
 * One spelling per serial number, so serials from the read model, a CRL and an OCSP request compare as strings:
 * lowercase hex of the magnitude without leading zero octets. The read model holds @peculiar/x509's spelling,
 * which drops only a sign pad; for DER-encoded serials the two agree.
 */
export function canonicalSerialNumber(hex: string): string {
  if (typeof hex !== 'string' || !HEX.test(hex)) {
    throw new PkiError('INVALID_INPUT', 'a serial number must be an even number of hex digits');
  }
  return serialNumberFromOctets(Buffer.from(hex, 'hex'));
}

/** Canonical hex of INTEGER content octets as found in a CRL or an OCSP CertID. */
export function serialNumberFromOctets(octets: Uint8Array): string {
  const firstNonZero = octets.findIndex((byte) => byte !== 0);
  const magnitude = firstNonZero === -1 ? Uint8Array.of(0) : octets.subarray(firstNonZero);
  return Buffer.from(magnitude).toString('hex');
}

/** The DER INTEGER content of a positive serial: the magnitude, with a 0x00 pad when its top bit is set. */
export function serialNumberToOctets(hex: string): Uint8Array {
  const magnitude = Buffer.from(canonicalSerialNumber(hex), 'hex');
  return magnitude[0] & 0x80 ? Uint8Array.from([0, ...magnitude]) : new Uint8Array(magnitude);
}

/**
 * Whether `certificatePem` names this CA as its issuer (subject name and key identifier, as path building
 * matches them). The read model may also hold certificates certplane registered but did not issue, or issued
 * under an earlier CA; this CA's CRL and OCSP answers must not vouch for those. Unparsable: false.
 */
export function isIssuedBy(certificatePem: string, ca: LoadedCertificateAuthority): boolean {
  try {
    return new NodeX509Certificate(certificatePem).checkIssued(caNodeCertificate(ca));
  } catch {
    return false;
  }
}

const nodeCertificates = new WeakMap<LoadedCertificateAuthority, NodeX509Certificate>();

function caNodeCertificate(ca: LoadedCertificateAuthority): NodeX509Certificate {
  let cert = nodeCertificates.get(ca);
  if (!cert) nodeCertificates.set(ca, (cert = new NodeX509Certificate(Buffer.from(ca.certificate.rawData))));
  return cert;
}
