import { canonicalSerialNumber } from '@certplane/pki';
import { ApiError } from '../http/api-error';

// As `openssl x509 -serial` prints it (hex, any case, maybe a leading 00), or as `-text` does (octets joined by colons).
const PLAIN = /^[0-9A-Fa-f]{1,42}$/;
const COLONS = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){1,20}$/;

/** A serial number from the path, in the one spelling the store and read models use (lowercase, no leading zero octets). */
export function readSerialNumberParam(serial: string): string {
  if (!PLAIN.test(serial) && !COLONS.test(serial))
    throw new ApiError(
      400,
      'INVALID_SERIAL_NUMBER',
      'the serial number must be hex, e.g. 4f1a…, as `openssl x509 -noout -serial` prints it',
    );
  const hex = serial.replace(/:/g, '');
  return canonicalSerialNumber(hex.length % 2 ? `0${hex}` : hex);
}
