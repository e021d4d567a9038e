import { createECDH, ECDH, KeyObject } from 'node:crypto';
import { derToPem } from './certificate-pem';
import type { CryptoKey } from './crypto-provider';
import { readDerElement } from './der';
import { derBitString, derExplicit, derOctetString, derOid, derSequence, derUnsignedInteger } from './der-writer';
import { isEcP256, keyObjectOf } from './key-pair';
import { PkiError } from './pki.errors';

/**
 * P-256 keys in the two encodings certplane hands out, assembled from the raw numbers. Generation goes
 * through ECDH rather than generateKeyPairSync: it costs about half as much, and a fresh KeyObject's
 * export (OpenSSL 3's DER encoders, or its JWK, which converts to a legacy key first) costs as much again
 * as generating it. Node 20 was also seen to hang for good in a tight loop of
 * generateKeyPairSync + export({ format: 'jwk' }). The fixed layouts are byte for byte what OpenSSL
 * writes (a spec checks).
 */

const COORDINATE_BYTES = 32;
const POINT_BYTES = 1 + 2 * COORDINATE_BYTES;
// AlgorithmIdentifier { id-ecPublicKey, prime256v1 }
const EC_P256_ALGORITHM = derSequence(derOid('1.2.840.10045.2.1'), derOid('1.2.840.10045.3.1.7'));

export interface EcP256PublicKey {
  /** The uncompressed point 04 || x || y: an SPKI's subjectPublicKey bits */
  point: Buffer;
  spki: Buffer;
}

export interface GeneratedEcP256Key extends EcP256PublicKey {
  /** PKCS#8, unencrypted, as KeyObject#export({ type: 'pkcs8', format: 'pem' }) writes it */
  privateKeyPem: string;
}

export function generateEcP256Key(): GeneratedEcP256Key {
  const ecdh = createECDH('prime256v1');
  const point = ecdh.generateKeys();
  const privateKey = leftPad(ecdh.getPrivateKey());
  // ECPrivateKey (RFC 5915) with the curve left to the PKCS#8 AlgorithmIdentifier, as OpenSSL writes it.
  const ecPrivateKey = derSequence(
    derUnsignedInteger(Buffer.of(1)),
    derOctetString(privateKey),
    derExplicit(1, derBitString(point)),
  );
  const pkcs8 = derSequence(derUnsignedInteger(Buffer.of(0)), EC_P256_ALGORITHM, derOctetString(ecPrivateKey));
  return { ...publicKeyFromPoint(point), privateKeyPem: derToPem('PRIVATE KEY', pkcs8) };
}

/** A supplied public key (WebCrypto or node), refused unless it is an EC P-256 public key. */
export function ecP256PublicKey(key: CryptoKey | KeyObject): EcP256PublicKey {
  const keyObject = keyObjectOf(key);
  if (keyObject?.type !== 'public' || !isEcP256(keyObject)) {
    throw new PkiError('INVALID_INPUT', 'publicKey must be an EC P-256 public key');
  }
  const spki = keyObject.export({ type: 'spki', format: 'der' });
  const algorithm = readDerElement(spki, readDerElement(spki, 0, 0x30).contentStart, 0x30);
  const bits = readDerElement(spki, algorithm.end, 0x03);
  const point = spki.subarray(bits.contentStart + 1, bits.end);
  // A compressed point comes out uncompressed, as WebCrypto's SPKI export writes it.
  return publicKeyFromPoint(
    point.length === POINT_BYTES
      ? point
      : (ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'uncompressed') as Buffer),
  );
}

function publicKeyFromPoint(point: Buffer): EcP256PublicKey {
  return { point, spki: derSequence(EC_P256_ALGORITHM, derBitString(point)) };
}

/** getPrivateKey() drops leading zero octets; RFC 5915 wants the scalar at the curve's full length. */
function leftPad(bytes: Buffer): Buffer {
  return bytes.length === COORDINATE_BYTES
    ? bytes
    : Buffer.concat([Buffer.alloc(COORDINATE_BYTES - bytes.length), bytes]);
}
