import fc from 'fast-check';
import { ApiError } from '../http/api-error';
import { readSerialNumberParam } from './serial-number-param';

const codeOf = (serial: string) => {
  try {
    readSerialNumberParam(serial);
    return undefined;
  } catch (e) {
    return (e as ApiError).code;
  }
};

describe('readSerialNumberParam', () => {
  const octets = fc.uint8Array({ minLength: 1, maxLength: 20 }).filter((o) => o[0] !== 0);
  const canonical = (o: Uint8Array) => Buffer.from(o).toString('hex');

  it('reads every spelling openssl prints as the one canonical serial', () => {
    fc.assert(
      fc.property(octets, fc.boolean(), (o, upper) => {
        const hex = canonical(o);
        const spelt = upper ? hex.toUpperCase() : hex;
        expect(readSerialNumberParam(spelt)).toBe(hex);
        expect(readSerialNumberParam(`00${spelt}`)).toBe(hex);
        if (o.length > 1) expect(readSerialNumberParam(spelt.match(/../g)!.join(':'))).toBe(hex);
        if (hex.startsWith('0')) expect(readSerialNumberParam(spelt.slice(1))).toBe(hex);
      }),
    );
  });

  it('refuses anything but hex, with INVALID_SERIAL_NUMBER', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 64 }).filter((s) => /[^0-9A-Fa-f:]/.test(s) || s === ''),
        (s) => expect(codeOf(s)).toBe('INVALID_SERIAL_NUMBER'),
      ),
    );
    for (const s of ['', '0x1f', '1f:', ':1f', '1:f', '1f::2e', 'a'.repeat(43), ' 1f', '1f\n', '-1', '１２'])
      expect(codeOf(s)).toBe('INVALID_SERIAL_NUMBER');
  });
});
