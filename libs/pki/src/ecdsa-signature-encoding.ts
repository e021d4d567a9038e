import { readDerElement } from './der';
import { derSequence, derUnsignedInteger, TAG } from './der-writer';
import { PkiError } from './pki.errors';

/** Octets of r and of s in the fixed-width form of a P-256 signature. */
export const P256_COORDINATE_SIZE = 32;

/**
 * r||s, fixed width (what PKCS#11's CKM_ECDSA and WebCrypto produce), to the DER Ecdsa-Sig-Value
 * (RFC 3279 2.2.3) that certificates, CRLs and OCSP responses carry.
 */
export function ecdsaRawToDer(raw: Uint8Array, size = P256_COORDINATE_SIZE): Buffer {
  if (raw.length !== 2 * size)
    throw new PkiError('INVALID_INPUT', `an ECDSA signature in r||s form has ${2 * size} octets, not ${raw.length}`);
  return derSequence(derUnsignedInteger(raw.subarray(0, size)), derUnsignedInteger(raw.subarray(size)));
}

/** The DER Ecdsa-Sig-Value back to fixed-width r||s, as a WebCrypto caller expects a signature. */
export function ecdsaDerToRaw(der: Uint8Array, size = P256_COORDINATE_SIZE): Buffer {
  const invalid = () => new PkiError('INVALID_INPUT', 'not a DER ECDSA signature of this curve');
  try {
    const sequence = readDerElement(der, 0, TAG.SEQUENCE);
    if (sequence.end !== der.length) throw invalid();
    const r = readDerElement(der, sequence.contentStart, TAG.INTEGER);
    const s = readDerElement(der, r.end, TAG.INTEGER);
    if (s.end !== sequence.end) throw invalid();
    return Buffer.concat([
      fixedWidth(der.subarray(r.contentStart, r.end), size, invalid),
      fixedWidth(der.subarray(s.contentStart, s.end), size, invalid),
    ]);
  } catch (e) {
    if (e instanceof PkiError) throw invalid();
    throw e;
  }
}

function fixedWidth(integer: Uint8Array, size: number, invalid: () => PkiError): Buffer {
  let start = 0;
  while (start < integer.length - 1 && integer[start] === 0) start++;
  const magnitude = integer.subarray(start);
  if (magnitude.length > size || integer.length === 0 || integer[0] & 0x80) throw invalid();
  const out = Buffer.alloc(size);
  out.set(magnitude, size - magnitude.length);
  return out;
}
