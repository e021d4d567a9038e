import { randomBytes } from 'node:crypto';
import { type DerElement, readDerElement } from './der';

export const SERIAL_NUMBER_BYTES = 16;

/**
 * 16 CSPRNG bytes (about 127 bits of entropy) shaped so the DER INTEGER needs no normalisation: the cleared top bit
 * keeps it positive without a 0x00 pad, and a non-zero first byte stops DER from dropping leading zeros.
 * That makes the hex of these bytes exactly what @peculiar/x509 reports for the issued certificate.
 * `random` is only there so tests can drive the shaping with chosen bytes.
 */
export function generateSerialNumber(random: (size: number) => Uint8Array = randomBytes): Uint8Array {
  for (;;) {
    const bytes = Uint8Array.from(random(SERIAL_NUMBER_BYTES));
    bytes[0] &= 0x7f;
    if (bytes[0] !== 0) return bytes;
  }
}

export function serialNumberToHex(serial: Uint8Array): string {
  return Buffer.from(serial).toString('hex');
}

/**
 * The serial exactly as encoded (two's complement content octets). @peculiar/x509's serialNumber getter drops
 * a 0x00 pad before a high byte, so "80" could be +128 or -128 there; lint needs the sign, hence this reader.
 */
export function readSerialNumber(certificateDer: Uint8Array): Uint8Array {
  const serial = locateSerialNumber(certificateDer);
  return certificateDer.slice(serial.contentStart, serial.end);
}

/** The serial's INTEGER element inside a certificate's DER. */
export function locateSerialNumber(certificateDer: Uint8Array): DerElement {
  const certificate = readDerElement(certificateDer, 0, 0x30);
  const tbs = readDerElement(certificateDer, certificate.contentStart, 0x30);
  let offset = tbs.contentStart;
  if (certificateDer[offset] === 0xa0) offset = readDerElement(certificateDer, offset, 0xa0).end; // [0] version
  return readDerElement(certificateDer, offset, 0x02);
}
