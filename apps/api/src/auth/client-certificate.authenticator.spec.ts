import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { canonicalSerialNumber, x509 } from '@certplane/pki';
import { serialOf } from './client-certificate.authenticator';

describe('serialOf', () => {
  it("spells a presented certificate's serial as the read model keys it, whatever its octets", async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 19 }), async (octets) => {
        // A positive DER INTEGER: no redundant leading zero, a 0x00 pad before a set top bit.
        const magnitude = octets[0] === 0 ? Uint8Array.of(1, ...octets.subarray(1)) : octets;
        const der = magnitude[0] & 0x80 ? Uint8Array.of(0, ...magnitude) : magnitude;
        const cert = await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: Buffer.from(der).toString('hex'),
          name: 'CN=serial',
          keys,
          notBefore: new Date('2026-01-01'),
          notAfter: new Date('2027-01-01'),
          signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        });
        expect(serialOf(new X509Certificate(Buffer.from(cert.rawData)))).toBe(canonicalSerialNumber(cert.serialNumber));
      }),
      { numRuns: 60 },
    );
  });
});
