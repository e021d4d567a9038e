import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { ecdsaDerToRaw, ecdsaRawToDer } from './ecdsa-signature-encoding';
import { PkiError } from './pki.errors';

describe('ECDSA signature encodings', () => {
  const raw = fc.uint8Array({ minLength: 64, maxLength: 64 });

  it('round-trips any fixed-width r||s through DER, as node encodes it', () => {
    fc.assert(
      fc.property(raw, (rs) => {
        const der = ecdsaRawToDer(rs);
        expect(ecdsaDerToRaw(der).equals(Buffer.from(rs))).toBe(true);
      }),
    );
  });

  it('agrees with node on real signatures both ways', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        const der = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
        const p1363 = ecdsaDerToRaw(der);
        expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(true);
        expect(ecdsaRawToDer(p1363).equals(der)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses anything that is not a DER signature of the curve with a PkiError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          const decoded = ecdsaDerToRaw(bytes);
          expect(decoded).toHaveLength(64);
          expect(ecdsaRawToDer(decoded).equals(Buffer.from(bytes))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(PkiError);
        }
      }),
    );
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(PkiError);
  });
});
