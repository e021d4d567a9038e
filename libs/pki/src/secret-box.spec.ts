import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { PkiError } from './pki.errors';
import { SecretBox } from './secret-box';

const SEALED_FORMAT = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

function expectPkiError(action: () => unknown, code: string): PkiError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe(code);
    return error as PkiError;
  }
  throw new Error(`expected PkiError ${code}`);
}

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('round-trips and produces the documented v1 format', () => {
    const sealed = box.seal('-----BEGIN PRIVATE KEY-----\nabc\n', 'client-1');
    expect(sealed).toMatch(SEALED_FORMAT);
    expect(box.open(sealed, 'client-1')).toBe('-----BEGIN PRIVATE KEY-----\nabc\n');
  });

  it('round-trips the empty string', () => {
    expect(box.open(box.seal('', ''), '')).toBe('');
  });

  it('uses a fresh IV for every seal', () => {
    const first = box.seal('same', 'ad');
    const second = box.seal('same', 'ad');
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toBe(second);
  });

  it('round-trips arbitrary Unicode plaintext and associated data', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (plaintext, ad) => {
          const sealed = box.seal(plaintext, ad);
          expect(sealed).toMatch(SEALED_FORMAT);
          expect(box.open(sealed, ad)).toBe(plaintext);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses to seal text that UTF-8 cannot carry', () => {
    expectPkiError(() => box.seal('a\uD800b', 'ad'), 'INVALID_INPUT');
    expectPkiError(() => box.seal('ok', '\uDC00'), 'INVALID_INPUT');
  });

  it('detects a change to any single character of the sealed value', () => {
    const sealed = box.seal('the client private key', 'client-1');
    // The whole base64url alphabet, the separator, and characters a lenient decoder would skip or translate.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_' + '.=+/ \n';
    const replacement = fc.constantFrom(...alphabet.split(''));
    fc.assert(
      fc.property(fc.nat({ max: sealed.length - 1 }), replacement, (index, char) => {
        fc.pre(sealed[index] !== char);
        const tampered = sealed.slice(0, index) + char + sealed.slice(index + 1);
        expectPkiError(() => box.open(tampered, 'client-1'), 'DECRYPTION_FAILED');
      }),
      { numRuns: 300 },
    );
  });

  it('detects truncation, extension and reshaping', () => {
    const sealed = box.seal('secret', 'ad');
    const [, iv, tag, ciphertext] = sealed.split('.');
    const variants = [
      sealed.slice(0, -1),
      `${sealed}A`,
      `${sealed}.`,
      `v2.${iv}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag.slice(0, 16)}.${ciphertext}`, // truncated tag, which GCM would accept without authTagLength
      `v1.${iv}${iv}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag}`,
      '',
    ];
    for (const variant of variants) expectPkiError(() => box.open(variant, 'ad'), 'DECRYPTION_FAILED');
  });

  it('fails with the wrong key or the wrong associated data', () => {
    const sealed = box.seal('secret', 'client-1');
    expectPkiError(() => new SecretBox(randomBytes(32)).open(sealed, 'client-1'), 'DECRYPTION_FAILED');
    expectPkiError(() => box.open(sealed, 'client-2'), 'DECRYPTION_FAILED');
    expectPkiError(() => box.open(sealed, ''), 'DECRYPTION_FAILED');
  });

  it('keeps its own copy of the key', () => {
    const mutable = Uint8Array.from(randomBytes(32));
    const ownBox = new SecretBox(mutable);
    const sealed = ownBox.seal('secret', 'ad');
    mutable.fill(0);
    expect(ownBox.open(sealed, 'ad')).toBe('secret');
  });

  it('rejects keys that are not exactly 32 bytes', () => {
    for (const size of [0, 16, 31, 33, 64]) {
      expectPkiError(() => new SecretBox(new Uint8Array(size)), 'ENCRYPTION_KEY_INVALID');
    }
  });
});

describe('SecretBox.parseKey', () => {
  const bytes = fc.uint8Array({ minLength: 32, maxLength: 32 });

  it('accepts standard and url base64, padded or not, and hex in either case', () => {
    fc.assert(
      fc.property(bytes, (raw) => {
        const buffer = Buffer.from(raw);
        const encodings = [
          buffer.toString('base64'),
          buffer.toString('base64').replace(/=+$/, ''),
          buffer.toString('base64url'),
          `${buffer.toString('base64url')}=`,
          buffer.toString('hex'),
          buffer.toString('hex').toUpperCase(),
          `  ${buffer.toString('base64')}\n`,
        ];
        for (const text of encodings) expect(SecretBox.parseKey(text)).toEqual(new Uint8Array(raw));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects other lengths without echoing the value', () => {
    const wrongSize = fc.uint8Array({ minLength: 16, maxLength: 64 }).filter((raw) => raw.length !== 32);
    fc.assert(
      fc.property(wrongSize, fc.constantFrom<BufferEncoding>('base64', 'base64url', 'hex'), (raw, encoding) => {
        const text = Buffer.from(raw).toString(encoding);
        const error = expectPkiError(() => SecretBox.parseKey(text), 'ENCRYPTION_KEY_INVALID');
        expect(error.message).not.toContain(text);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects malformed text', () => {
    const valid = randomBytes(32).toString('base64');
    const malformed = [
      '',
      'not a key',
      `${valid.slice(0, 10)} ${valid.slice(10)}`,
      valid.slice(0, 40),
      `${valid.slice(0, 42)}B=`, // non-canonical trailing bits
      `${valid}==`,
      'g'.repeat(64),
    ];
    for (const text of malformed) {
      const error = expectPkiError(() => SecretBox.parseKey(text), 'ENCRYPTION_KEY_INVALID');
      if (text.length > 8) expect(error.message).not.toContain(text.trim());
    }
  });

  it('generates key text that parses to 32 fresh bytes', () => {
    const first = SecretBox.parseKey(SecretBox.generateKeyText());
    const second = SecretBox.parseKey(SecretBox.generateKeyText());
    expect(first).toHaveLength(32);
    expect(first).not.toEqual(second);
  });
});
