/**
 * The few DER encodings certplane's fixed certificate profile needs, written straight into Buffers. The
 * ASN.1 schema libraries spend ~99% of an issuance in generic JS encoding; these build the same bytes
 * (a property test holds them to @peculiar/x509's output) at a fraction of the cost.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  if (length < 0x100) return Buffer.of(0x81, length);
  if (length < 0x10000) return Buffer.of(0x82, length >> 8, length & 0xff);
  if (length < 0x1000000) return Buffer.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  throw new RangeError('DER content longer than 16 MiB');
}

/** Tag, length and the concatenated contents. */
export function derTlv(tag: number, ...contents: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of contents) length += part.length;
  const head = derLength(length);
  const out = Buffer.allocUnsafe(1 + head.length + length);
  out[0] = tag;
  head.copy(out, 1);
  let offset = 1 + head.length;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const derSequence = (...contents: Uint8Array[]): Buffer => derTlv(TAG.SEQUENCE, ...contents);
export const derSet = (...contents: Uint8Array[]): Buffer => derTlv(TAG.SET, ...contents);
export const derOctetString = (bytes: Uint8Array): Buffer => derTlv(TAG.OCTET_STRING, bytes);
export const derUtf8String = (text: string): Buffer => derTlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
/** The caller has checked the text is within the string type's character set. */
export const derIa5String = (text: string): Buffer => derTlv(TAG.IA5_STRING, Buffer.from(text, 'latin1'));
export const derPrintableString = (text: string): Buffer => derTlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
export const derBoolean = (value: boolean): Buffer => Buffer.of(TAG.BOOLEAN, 1, value ? 0xff : 0x00);

/** A BIT STRING of whole octets (what keys and signatures are), or with `unusedBits` of the last one unused. */
export function derBitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return derTlv(TAG.BIT_STRING, Buffer.of(unusedBits), bytes);
}

/** The INTEGER of an unsigned big-endian magnitude: leading zeros dropped, a 0x00 pad when the top bit is set. */
export function derUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const bytes = magnitude.subarray(start);
  if (bytes.length === 0) return Buffer.of(TAG.INTEGER, 1, 0);
  return bytes[0] & 0x80 ? derTlv(TAG.INTEGER, Buffer.of(0), bytes) : derTlv(TAG.INTEGER, bytes);
}

export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`not an OID: ${dotted}`);
    return BigInt(arc);
  });
  if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) throw new RangeError(`not an OID: ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [arcs[0] * 40n + arcs[1], ...arcs.slice(2)]) {
    const base128: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) base128.unshift(Number(rest & 0x7fn) | 0x80);
    bytes.push(...base128);
  }
  return derTlv(TAG.OID, Buffer.from(bytes));
}

/**
 * RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in whole seconds with "Z".
 * Milliseconds are truncated, as @peculiar/x509 does.
 */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ for years 0000-9999
  const digits =
    iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError('X.509 times run from 1950 to 9999');
  return year <= 2049
    ? derTlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : derTlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'latin1'));
}

/** [n] EXPLICIT: a constructed context tag around complete elements. */
export const derExplicit = (n: number, ...contents: Uint8Array[]): Buffer => derTlv(0xa0 | n, ...contents);
/** [n] IMPLICIT over a primitive type: the content octets under a context tag. */
export const derImplicitPrimitive = (n: number, content: Uint8Array): Buffer => derTlv(0x80 | n, content);
