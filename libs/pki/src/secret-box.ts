import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PkiError } from './pki.errors';
import { isWellFormedText } from './text';

const VERSION = 'v1';
const CIPHER = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-f]{64}$/i;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * AES-256-GCM envelope for secrets at rest: "v1.<iv>.<tag>.<ciphertext>", each part unpadded base64url.
 * The associated data binds a ciphertext to its owner (e.g. the client id), so a sealed value copied onto
 * another row does not open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new PkiError('ENCRYPTION_KEY_INVALID', `the encryption key must be exactly ${KEY_BYTES} bytes`);
    }
    this.#key = Buffer.from(key); // a copy, so the caller wiping or reusing its buffer cannot change ours
  }

  /**
   * Accepts base64 (standard or url alphabet, padding optional) or 64 hex characters, ignoring surrounding
   * whitespace (key files usually end with a newline).
   */
  static parseKey(text: string): Uint8Array {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    const key = HEX_KEY.test(trimmed) ? Buffer.from(trimmed, 'hex') : decodeBase64(trimmed);
    if (key?.length !== KEY_BYTES) {
      throw new PkiError(
        'ENCRYPTION_KEY_INVALID',
        `the encryption key must be ${KEY_BYTES} bytes written as base64 or as 64 hex characters`,
      );
    }
    return new Uint8Array(key);
  }

  static generateKeyText(): string {
    return randomBytes(KEY_BYTES).toString('base64');
  }

  seal(plaintext: string, associatedData: string): string {
    assertText(plaintext, 'plaintext');
    assertText(associatedData, 'associatedData');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.#key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  /** Any tampering, a wrong key or wrong associated data: PkiError('DECRYPTION_FAILED'). */
  open(sealed: string, associatedData: string): string {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    const [iv, tag, ciphertext] = parts.slice(1).map(decodeBase64Url);
    // Only a full-length tag: node's GCM would accept a truncated one, which is far easier to forge.
    const wellFormed = parts.length === 4 && parts[0] === VERSION && ciphertext !== undefined;
    if (!wellFormed || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES) {
      throw decryptionFailed();
    }
    try {
      const decipher = createDecipheriv(CIPHER, this.#key, iv);
      decipher.setAAD(Buffer.from(String(associatedData), 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw decryptionFailed();
    }
  }
}

function assertText(value: string, what: string): void {
  if (typeof value !== 'string' || !isWellFormedText(value)) {
    throw new PkiError('INVALID_INPUT', `${what} must be a well-formed Unicode string`);
  }
}

function decryptionFailed(): PkiError {
  return new PkiError('DECRYPTION_FAILED', 'the sealed value cannot be opened with this key and associated data');
}

/**
 * Strict: node's decoder skips characters outside the alphabet and ignores trailing bits, which would let
 * an edited ciphertext decode to the same bytes. Only the exact canonical encoding is accepted.
 */
function decodeBase64Url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64_KEY.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length !== text.length && text.length % 4 !== 0) return undefined;
  return decodeBase64Url(unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
}
