import { createPublicKey, KeyObject } from 'node:crypto';
import type { KeyType } from '@certplane/domain';
import { x509 } from './crypto-provider';
import { strictDerShape } from './der';
import { PkiError } from './pki.errors';
import { keyTypeOf } from './subject-public-key';

// OpenSSL wrote "NEW CERTIFICATE REQUEST" for years; both labels carry the same PKCS#10 DER.
const CSR_LABEL = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----/;

// CertificationRequest: SEQUENCE { info SEQUENCE, algorithm SEQUENCE, signature BIT STRING }; ECDSA-Sig-Value: SEQUENCE { r INTEGER, s INTEGER }.
const CSR_SHAPE = '30: 30 30 03';
const ECDSA_SIGNATURE_SHAPE = '30: 02 02';

export interface VerifiedCertificateSigningRequest {
  /**
   * The one thing certplane takes from a CSR. The certificate profile decides everything else, so
   * a CSR asking for CA:TRUE, other key usages, another validity or more SANs changes nothing.
   */
  publicKey: KeyObject;
  /** Whether a profile allows it is the caller's to decide */
  keyType: KeyType;
}

/**
 * Parses a PKCS#10 PEM and proves possession of its key: the CSR's signature must verify with the
 * public key it carries. Every failure is PkiError INVALID_CSR; the parser's own messages are not
 * passed on, so nothing of the input reaches a log.
 */
export async function parseCertificateSigningRequest(pem: string): Promise<VerifiedCertificateSigningRequest> {
  if (typeof pem !== 'string' || !CSR_LABEL.test(pem))
    throw invalid('expected a PEM-encoded PKCS#10 certificate signing request');
  let csr: x509.Pkcs10CertificateRequest;
  let spki: ArrayBuffer;
  try {
    csr = new x509.Pkcs10CertificateRequest(
      pem.replace(/(BEGIN|END) NEW CERTIFICATE REQUEST/g, '$1 CERTIFICATE REQUEST'),
    );
    // The key is decoded lazily, on first access: a malformed one fails here, not at construction.
    spki = csr.publicKey.rawData;
  } catch {
    throw invalid('the PEM text does not hold a valid certificate signing request');
  }
  const key = spkiKeyObject(spki);
  const keyType = key && keyTypeOf(key);
  if (!key || !keyType) throw invalid('the CSR key must be EC P-256 or P-384, RSA 2048, 3072 or 4096, or Ed25519');
  // What the signature does not cover must be well formed too: the request's own framing and the signature value.
  const der = new Uint8Array(csr.rawData);
  // The signature ends the request, right after its BIT STRING's unused-bits byte, which must be 0.
  const unusedBits = der[der.length - csr.signature.byteLength - 1];
  // Only an ECDSA signature has inner structure; RSA and Ed25519 ones are plain octets.
  const signatureShapeOk =
    !keyType.startsWith('ec-') || strictDerShape(new Uint8Array(csr.signature)) === ECDSA_SIGNATURE_SHAPE;
  if (strictDerShape(der) !== CSR_SHAPE || !signatureShapeOk || unusedBits !== 0) {
    throw invalid('the CSR is not valid DER');
  }
  if (!(await verifies(csr))) throw invalid('the CSR signature does not verify with its public key');
  return { publicKey: key, keyType };
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
