import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

const PEM_HEADER = '-----BEGIN CERTIFICATE-----';

// @peculiar/x509 emits PEM without a trailing newline; files and concatenated bundles expect one.
export function certificateToPem(cert: x509.X509Certificate): string {
  return `${cert.toString('pem')}\n`;
}

/** Parses the first certificate of a PEM text. Other encodings (DER, base64, hex) are refused on purpose. */
export function parseCertificatePem(pem: string): x509.X509Certificate {
  if (typeof pem !== 'string' || !pem.includes(PEM_HEADER)) {
    throw new PkiError('INVALID_CERTIFICATE', 'expected a PEM-encoded X.509 certificate');
  }
  try {
    return new x509.X509Certificate(pem);
  } catch {
    throw new PkiError('INVALID_CERTIFICATE', 'the PEM text does not hold a valid X.509 certificate');
  }
}
