import { createHash, KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { x509 } from './crypto-provider';
import { readSubjectAltNames, type SubjectAltNames } from './subject-alt-names';

/** What an inventory shows of a certificate, read from the certificate itself. */
export interface CertificateSummary {
  /** Lowercase hex as @peculiar/x509 reports it, the form certplane keys certificates by */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Lowercase hex of SHA-256 over the DER */
  fingerprintSha256: string;
  commonName: string | null;
  subjectAltNames: SubjectAltNames;
}

export function summarizeCertificate(cert: x509.X509Certificate): CertificateSummary {
  return {
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprintSha256: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'),
    commonName: cert.subjectName.getField('CN')[0] ?? null,
    subjectAltNames: readSubjectAltNames(cert),
  };
}

/**
 * True when the CA signed this certificate: its issuer is the CA's subject and its signature verifies
 * with the CA key (crl-entry's isIssuedBy matches names only, which is enough to pick CRL entries but
 * not to accept a certificate someone hands in).
 */
export function isSignedByCa(cert: x509.X509Certificate, ca: LoadedCertificateAuthority): boolean {
  try {
    const sameIssuer = Buffer.from(cert.issuerName.toArrayBuffer()).equals(
      Buffer.from(ca.certificate.subjectName.toArrayBuffer()),
    );
    return sameIssuer && new NodeX509Certificate(Buffer.from(cert.rawData)).verify(KeyObject.from(ca.publicKey));
  } catch {
    return false;
  }
}
