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
