import { createPublicKey, KeyObject } from 'node:crypto';
import { type CryptoKey, x509 } from './crypto-provider';
import { EC_P256, isEcP256 } from './key-pair';
import { PkiError } from './pki.errors';

// OpenSSL wrote "NEW CERTIFICATE REQUEST" for years; both labels carry the same PKCS#10 DER.
const CSR_LABEL = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----/;

export interface VerifiedCertificateSigningRequest {
  /**
   * The one thing certplane takes from a CSR. The certificate profile decides everything else, so
   * a CSR asking for CA:TRUE, other key usages, another validity or more SANs changes nothing.
   */
  publicKey: CryptoKey;
}

/**
 * Parses a PKCS#10 PEM and proves possession of its key: the CSR's signature must verify with the
 * public key it carries. Every failure is PkiError INVALID_CSR; the parser's own messages are not
 * passed on, so nothing of the input reaches a log.
 */
export async function parseCertificateSigningRequest(pem: string): Promise<VerifiedCertificateSigningRequest> {
  if (typeof pem !== 'string' || !CSR_LABEL.test(pem)) throw invalid('expected a PEM-encoded PKCS#10 certificate signing request');
  let csr: x509.Pkcs10CertificateRequest;
  let spki: ArrayBuffer;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem.replace(/(BEGIN|END) NEW CERTIFICATE REQUEST/g, '$1 CERTIFICATE REQUEST'));
    // The key is decoded lazily, on first access: a malformed one fails here, not at construction.
    spki = csr.publicKey.rawData;
  } catch {
    throw invalid('the PEM text does not hold a valid certificate signing request');
  }
  const key = spkiKeyObject(spki);
  if (!key || !isEcP256(key)) throw invalid('the CSR key must be EC P-256');
  if (!(await verifies(csr))) throw invalid('the CSR signature does not verify with its public key');
  try {
    return { publicKey: await csr.publicKey.export(EC_P256, ['verify']) };
  } catch {
    throw invalid('the CSR key cannot be used');
  }
}

function spkiKeyObject(der: ArrayBuffer): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

async function verifies(csr: x509.Pkcs10CertificateRequest): Promise<boolean> {
  try {
    return await csr.verify();
  } catch {
    // An algorithm WebCrypto does not know, or a signature that is not even DER.
    return false;
  }
}

function invalid(message: string): PkiError {
  return new PkiError('INVALID_CSR', message);
}
