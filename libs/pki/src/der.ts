import { PkiError } from './pki.errors';

export interface DerElement {
  start: number;
  contentStart: number;
  end: number;
}

/**
 * Locates one DER element (tag, length, content) at `offset`: just enough to reach the fields that
 * @peculiar/x509 normalises away when it parses.
 */
export function readDerElement(der: Uint8Array, offset: number, expectedTag: number): DerElement {
  if (der[offset] !== expectedTag || offset + 1 >= der.length) throw malformed();
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) throw malformed();
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[contentStart + i];
    contentStart += lengthBytes;
  }
  const end = contentStart + length;
  if (!(end <= der.length)) throw malformed();
  return { start: offset, contentStart, end };
}

function malformed(): PkiError {
  return new PkiError('INVALID_CERTIFICATE', 'malformed DER');
}

/**
 * True when the bytes are exactly one DER element whose constructed parts are exactly their
 * children, with minimal lengths all the way down. @peculiar's parser is lenient about lengths of
 * SEQUENCEs it does not sign (the outer one, the algorithm, the ECDSA signature value), so a
 * request with a wrong length there would otherwise be read as if it were well formed.
 */
export function isStrictDer(der: Uint8Array): boolean {
  const top = strictElement(der, 0, der.length);
  return top !== undefined && top.end === der.length && tiles(der, 0, der.length, 0);
}

/** The tag of a strict-DER element (see isStrictDer) and its children's tags, e.g. "30: 30 30 03"; undefined when it is not one. */
export function strictDerShape(der: Uint8Array): string | undefined {
  if (!isStrictDer(der)) return undefined;
  const top = strictElement(der, 0, der.length)!;
  const tags: string[] = [];
  for (let at = top.contentStart; at < top.end; at = strictElement(der, at, top.end)!.end) tags.push(hexByte(der[at]));
  return `${hexByte(der[0])}: ${tags.join(' ')}`;
}

const hexByte = (b: number) => b.toString(16).padStart(2, '0');

function tiles(der: Uint8Array, from: number, to: number, depth: number): boolean {
  if (depth > 32) return false;
  for (let at = from; at < to;) {
    const e = strictElement(der, at, to);
    if (!e) return false;
    if (der[at] & 0x20 && !tiles(der, e.contentStart, e.end, depth + 1)) return false;
    at = e.end;
  }
  return true;
}

function strictElement(der: Uint8Array, offset: number, limit: number): DerElement | undefined {
  // High tag numbers (0x1f) and the indefinite length (0x80) are BER, never DER.
  if (offset + 2 > limit || (der[offset] & 0x1f) === 0x1f) return undefined;
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || contentStart + lengthBytes > limit || der[contentStart] === 0)
      return undefined;
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[contentStart + i];
    if (length < 0x80) return undefined;
    contentStart += lengthBytes;
  }
  const end = contentStart + length;
  return end <= limit ? { start: offset, contentStart, end } : undefined;
}
