import { AsnConvert } from '@peculiar/asn1-schema';
import { Time } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import { derLength, derOid, derTime, derTlv, derUnsignedInteger } from './der-writer';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER writer', () => {
  it('writes short and long form lengths', () => {
    expect(hex(derLength(0))).toBe('00');
    expect(hex(derLength(127))).toBe('7f');
    expect(hex(derLength(128))).toBe('8180');
    expect(hex(derLength(255))).toBe('81ff');
    expect(hex(derLength(256))).toBe('820100');
    expect(hex(derLength(70000))).toBe('83011170');
    expect(hex(derTlv(0x04, Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8');
  });

  it('writes unsigned INTEGERs minimally, padded when the top bit is set', () => {
    expect(hex(derUnsignedInteger(Buffer.of(0)))).toBe('020100');
    expect(hex(derUnsignedInteger(Buffer.of(0, 0, 5)))).toBe('020105');
    expect(hex(derUnsignedInteger(Buffer.of(0x80)))).toBe('02020080');
    expect(hex(derUnsignedInteger(Buffer.of(0, 0xff, 1)))).toBe('020300ff01');
  });

  it('writes OIDs, including arcs above 127', () => {
    expect(hex(derOid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(derOid('2.5.29.17'))).toBe('0603551d11');
    expect(hex(derOid('2.999.3'))).toBe('0603883703');
    expect(() => derOid('1.40')).toThrow(RangeError);
    expect(() => derOid('x.1')).toThrow(RangeError);
  });

  it('switches from UTCTime to GeneralizedTime at 2050, as RFC 5280 wants', () => {
    expect(derTime(new Date('2049-12-31T23:59:59.999Z')).toString('latin1', 2)).toBe('491231235959Z');
    expect(derTime(new Date('2049-12-31T23:59:59Z'))[0]).toBe(0x17);
    expect(derTime(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
    expect(derTime(new Date('2050-01-01T00:00:00Z')).toString('latin1', 2)).toBe('20500101000000Z');
    expect(() => derTime(new Date('1949-12-31T23:59:59Z'))).toThrow(RangeError);
  });

  it('encodes any time from 1950 to 9999 as @peculiar/asn1-x509 does', () => {
    const time = fc.date({
      min: new Date('1950-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(time, (date) => hex(derTime(date)) === hex(new Uint8Array(AsnConvert.serialize(new Time(date))))),
      { numRuns: 1000 },
    );
  });
});
