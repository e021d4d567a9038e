import { generateKeyPairSync, type JsonWebKey, KeyObject } from 'node:crypto';
import { derToPem } from './certificate-pem';
import type { CryptoKey } from './crypto-provider';
import { derBitString, derExplicit, derOctetString, derOid, derSequence, derUnsignedInteger } from './der-writer';
import { isEcP256 } from './key-pair';
import { PkiError } from './pki.errors';

/**
 * P-256 keys in the two encodings certplane hands out, assembled from the key's JWK numbers. OpenSSL 3's
 * DER encoders (KeyObject#export spki/pkcs8) cost more than generating the key; the JWK export is a
 * tenth of that, and these fixed layouts are byte for byte what it would have written (a spec checks).
 */

const COORDINATE_BYTES = 32;
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
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const publicKey = publicKeyFromJwk(jwk);
  // ECPrivateKey (RFC 5915) with the curve left to the PKCS#8 AlgorithmIdentifier, as OpenSSL writes it.
  const ecPrivateKey = derSequence(
    derUnsignedInteger(Buffer.of(1)),
    derOctetString(coordinate(jwk.d)),
    derExplicit(1, derBitString(publicKey.point)),
  );
  const pkcs8 = derSequence(derUnsignedInteger(Buffer.of(0)), EC_P256_ALGORITHM, derOctetString(ecPrivateKey));
  return { ...publicKey, privateKeyPem: derToPem('PRIVATE KEY', pkcs8) };
}

/** A supplied public key (WebCrypto or node), refused unless it is an EC P-256 public key. */
export function ecP256PublicKey(key: CryptoKey | KeyObject): EcP256PublicKey {
  let keyObject: KeyObject | undefined;
  try {
    keyObject = key instanceof KeyObject ? key : KeyObject.from(key);
  } catch {
    keyObject = undefined;
  }
  if (keyObject?.type !== 'public' || !isEcP256(keyObject)) {
    throw new PkiError('INVALID_INPUT', 'publicKey must be an EC P-256 public key');
  }
  // Through the JWK, a compressed point comes out uncompressed, as WebCrypto's SPKI export writes it.
  return publicKeyFromJwk(keyObject.export({ format: 'jwk' }));
}

function publicKeyFromJwk(jwk: JsonWebKey): EcP256PublicKey {
  const point = Buffer.concat([Buffer.of(0x04), coordinate(jwk.x), coordinate(jwk.y)]);
  return { point, spki: derSequence(EC_P256_ALGORITHM, derBitString(point)) };
}

/** JWK numbers are fixed-length for P-256 (RFC 7518 6.2.1.2); left-padding only guards that assumption. */
function coordinate(base64url: string | undefined): Buffer {
  const bytes = Buffer.from(base64url ?? '', 'base64url');
  if (bytes.length === COORDINATE_BYTES) return bytes;
  if (bytes.length === 0 || bytes.length > COORDINATE_BYTES) throw new PkiError('INVALID_INPUT', 'not an EC P-256 key');
  return Buffer.concat([Buffer.alloc(COORDINATE_BYTES - bytes.length), bytes]);
}
