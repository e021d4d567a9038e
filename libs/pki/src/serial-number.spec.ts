import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { createCertificateAuthority } from './certificate-authority';
import { x509 } from './crypto-provider';
import { issueClientCertificate } from './issue-client-certificate';
import { generateKeyPair } from './key-pair';
import { generateSerialNumber, readSerialNumber, SERIAL_NUMBER_BYTES, serialNumberToHex } from './serial-number';

const block = fc.uint8Array({ minLength: SERIAL_NUMBER_BYTES, maxLength: SERIAL_NUMBER_BYTES });

describe('generateSerialNumber', () => {
  it('clears the top bit of the random bytes and redraws while the first byte would be zero', () => {
    // Candidate blocks as the CSPRNG would return them; the last one always has a usable first byte.
    const draws = fc.tuple(
      fc.array(block, { maxLength: 3 }),
      block.filter((bytes) => (bytes[0] & 0x7f) !== 0),
    );
    fc.assert(
      fc.property(draws, ([early, last]) => {
        const queue = [...early, last];
        const serial = generateSerialNumber(() => queue.shift()!);
        const expected = [...early, last].find((bytes) => (bytes[0] & 0x7f) !== 0)!;
        expect(serial).toHaveLength(SERIAL_NUMBER_BYTES);
        expect(serial[0]).toBe(expected[0] & 0x7f);
        expect([...serial.slice(1)]).toEqual([...expected.slice(1)]);
      }),
      { numRuns: 300 },
    );
  });

  it('yields 16 bytes, positive, with a non-zero first byte', () => {
    fc.assert(
      fc.property(fc.nat(), () => {
        const serial = generateSerialNumber();
        expect(serial).toBeInstanceOf(Uint8Array);
        expect(serial).toHaveLength(16);
        expect(serial[0]).toBeGreaterThan(0);
        expect(serial[0]).toBeLessThan(0x80);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readSerialNumber', () => {
  // This is the normalisation @peculiar/x509 applies to a requested serial: leading zeros dropped, a 0x00 pad
  // added before a high byte. Its serialNumber getter then drops the pad again, so the sign is lost there.
  it('returns the DER INTEGER content, while @peculiar/x509 reports it without the sign pad', async () => {
    const keys = await generateKeyPair();
    const requested = fc.uint8Array({ minLength: 1, maxLength: 20 }).filter((bytes) => bytes.some((b) => b !== 0));
    await fc.assert(
      fc.asyncProperty(requested, async (bytes) => {
        const cert = await x509.X509CertificateGenerator.createSelfSigned({
          name: 'CN=serial',
          keys,
          serialNumber: serialNumberToHex(bytes),
        });
        const magnitude = bytes.slice(bytes.findIndex((b) => b !== 0));
        const encoded = readSerialNumber(new Uint8Array(cert.rawData));
        expect([...encoded]).toEqual(magnitude[0] & 0x80 ? [0, ...magnitude] : [...magnitude]);
        expect(cert.serialNumber).toBe(serialNumberToHex(magnitude));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses what is not certificate DER', () => {
    expect(() => readSerialNumber(new Uint8Array([0x30, 0x05, 0x02]))).toThrow(
      expect.objectContaining({ code: 'INVALID_CERTIFICATE' }),
    );
    expect(() => readSerialNumber(new Uint8Array([0x04, 0x00]))).toThrow(
      expect.objectContaining({ code: 'INVALID_CERTIFICATE' }),
    );
  });
});

describe('issued serial numbers', () => {
  it('are unique and reported exactly as encoded across 200 issues', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 1 });
    const { publicKey } = await generateKeyPair();
    const serials = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const issued = await issueClientCertificate(ca, {
        commonName: `client-${i}`,
        publicKey,
        validitySeconds: 86_400,
      });
      const der = new Uint8Array(new NodeX509Certificate(issued.certificatePem).raw);
      expect(issued.serialNumber).toBe(serialNumberToHex(readSerialNumber(der)));
      serials.add(issued.serialNumber);
    }
    expect(serials.size).toBe(200);
  });
});
