import { createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { parseCertificatePem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

/** Every key in certplane is ECDSA P-256 and every signature ECDSA with SHA-256. */
export const EC_P256: webcrypto.EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
export const ECDSA_SHA256: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export function isEcP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/** Extractable, because a generated key is handed back to its owner as PEM exactly once. */
export function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

export function exportPrivateKeyPem(privateKey: CryptoKey): string {
  return KeyObject.from(privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Accepts PKCS#8 (and, because node parses it too, SEC1) PEM; the imported key is non-extractable. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const key = parsePrivateKeyPem(pem);
  if (!key || !isEcP256(key)) {
    throw new PkiError('INVALID_PRIVATE_KEY', 'expected an unencrypted EC P-256 private key in PEM (PKCS#8)');
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, EC_P256, false, ['sign']);
}

function parsePrivateKeyPem(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The parser's error is dropped rather than wrapped so nothing derived from the key text can reach a log.
    return undefined;
  }
}

/** A WebCrypto key as node's KeyObject (a KeyObject as it is); undefined for anything that is not a key. */
export function keyObjectOf(key: CryptoKey | KeyObject): KeyObject | undefined {
  try {
    return key instanceof KeyObject ? key : KeyObject.from(key);
  } catch {
    return undefined;
  }
}

export function certificatePublicKeyObject(cert: x509.X509Certificate): KeyObject {
  return createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
}

export async function importCertificatePublicKey(cert: x509.X509Certificate): Promise<CryptoKey> {
  if (!isEcP256(certificatePublicKeyObject(cert))) {
    throw new PkiError('INVALID_CERTIFICATE', 'the certificate key is not EC P-256');
  }
  return cert.publicKey.export(EC_P256, ['verify']);
}

/** Proves possession: a signature over a random probe made with the private key verifies with the public one. */
export async function keysMatch(privateKey: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
  const probe = randomBytes(32);
  const signature = await webcrypto.subtle.sign(ECDSA_SHA256, privateKey, probe);
  return webcrypto.subtle.verify(ECDSA_SHA256, publicKey, signature, probe);
}

/**
 * Throws INVALID_CERTIFICATE / INVALID_PRIVATE_KEY when either side cannot be parsed; a certificate whose key
 * is not P-256 simply does not match.
 */
export async function privateKeyPemMatchesCertificate(privateKeyPem: string, certificatePem: string): Promise<boolean> {
  const certificate = parseCertificatePem(certificatePem);
  const privateKey = await importPrivateKeyPem(privateKeyPem);
  const publicKey = await importCertificatePublicKey(certificate).catch(() => undefined);
  return publicKey !== undefined && keysMatch(privateKey, publicKey);
}
