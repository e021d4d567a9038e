import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import type { KeyType } from '@certplane/domain';
import type { CryptoKey } from './crypto-provider';
import { readDerElement } from './der';
import { ecP256PublicKey, generateEcP256Key } from './ec-p256-encoding';
import { keyObjectOf } from './key-pair';
import { PkiError } from './pki.errors';

/** A key a certificate certifies: its SPKI as the certificate carries it, and the bits its key identifier hashes. */
export interface SubjectPublicKey {
  keyType: KeyType;
  spki: Buffer;
  /** The SPKI's subjectPublicKey BIT STRING content, without the unused-bits octet (RFC 5280 4.2.1.2 method 1) */
  point: Buffer;
}

export interface GeneratedSubjectKey extends SubjectPublicKey {
  /** PKCS#8, unencrypted */
  privateKeyPem: string;
}

const RSA_BITS: Partial<Record<KeyType, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 };

/** The profile key type of a node key, or undefined for one certplane does not issue for. */
export function keyTypeOf(key: KeyObject): KeyType | undefined {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
        ? 'ec-p256'
        : key.asymmetricKeyDetails?.namedCurve === 'secp384r1'
          ? 'ec-p384'
          : undefined;
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength;
      return bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : bits === 4096 ? 'rsa-4096' : undefined;
    }
    case 'ed25519':
      return 'ed25519';
    default:
      return undefined;
  }
}

/** A supplied public key (WebCrypto or node) of a type certplane issues for; INVALID_INPUT for anything else. */
export function subjectPublicKey(key: CryptoKey | KeyObject): SubjectPublicKey {
  const keyObject = keyObjectOf(key);
  const keyType = keyObject?.type === 'public' ? keyTypeOf(keyObject) : undefined;
  if (!keyObject || !keyType)
    throw new PkiError(
      'INVALID_INPUT',
      'publicKey must be an EC P-256 or P-384, RSA 2048/3072/4096 or Ed25519 public key',
    );
  if (keyType === 'ec-p256') return { keyType, ...ecP256PublicKey(keyObject) };
  // A JWK round trip writes an EC point uncompressed, as WebCrypto's SPKI export would.
  const canonical =
    keyType === 'ec-p384' ? createPublicKey({ key: keyObject.export({ format: 'jwk' }), format: 'jwk' }) : keyObject;
  return fromSpki(keyType, canonical.export({ type: 'spki', format: 'der' }));
}

/** A new key of the type, for a client that sends no CSR; P-256 takes the cheaper path of ec-p256-encoding. */
export function generateSubjectKey(keyType: KeyType): GeneratedSubjectKey {
  if (keyType === 'ec-p256') return { keyType, ...generateEcP256Key() };
  const pair =
    keyType === 'ec-p384'
      ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
      : keyType === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: RSA_BITS[keyType]! });
  return {
    ...subjectPublicKey(pair.publicKey),
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function fromSpki(keyType: KeyType, spki: Buffer): SubjectPublicKey {
  const algorithm = readDerElement(spki, readDerElement(spki, 0, 0x30).contentStart, 0x30);
  const bits = readDerElement(spki, algorithm.end, 0x03);
  return { keyType, spki, point: spki.subarray(bits.contentStart + 1, bits.end) };
}
