import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

const PEM_HEADER = '-----BEGIN CERTIFICATE-----';

// @peculiar/x509 emits PEM without a trailing newline; files and concatenated bundles expect one.
export function certificateToPem(cert: x509.X509Certificate): string {
  return `${cert.toString('pem')}\n`;
}

/** RFC 7468 text: 64-column base64 lines and a trailing newline, as certificateToPem and node's key export write it. */
export function derToPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let body = '';
  for (let i = 0; i < base64.length; i += 64) body += `${base64.slice(i, i + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
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
