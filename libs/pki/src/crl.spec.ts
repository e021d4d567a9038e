import fc from 'fast-check';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_authorityKeyIdentifier, id_ce_cRLNumber, RevokedCertificate } from '@peculiar/asn1-x509';
import { createCertificateAuthority, type LoadedCertificateAuthority } from './certificate-authority';
import { buildCrl, crlToPem } from './crl';
import { canonicalSerialNumber, REVOCATION_REASON_CODES, type RevokedCertificateEntry } from './crl-entry';
import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

const thisUpdate = new Date('2031-06-15T10:20:30.000Z');
const nextUpdate = new Date('2031-06-16T10:20:30.000Z');
const reasons = Object.keys(REVOCATION_REASON_CODES);

// Whole seconds between 1990 and 2100: the CRL encodes times to the second, in UTCTime or GeneralizedTime.
const revocationTime = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
  .map((s) => new Date(s * 1000));
const serial = fc
  .uint8Array({ minLength: 1, maxLength: 20 })
  .filter((b) => b.some((x) => x !== 0))
  .map((b) => Buffer.from(b).toString('hex'));
const entries = fc.uniqueArray(
  fc.record({ serialNumber: serial, revokedAt: revocationTime, reason: fc.constantFrom(...reasons) }),
  {
    selector: (e) => canonicalSerialNumber(e.serialNumber),
    maxLength: 40,
  },
);

describe('buildCrl', () => {
  let ca: LoadedCertificateAuthority;
  beforeAll(async () => {
    ({ ca } = await createCertificateAuthority({ validityDays: 3650 }));
  });

  const build = (revoked: RevokedCertificateEntry[], crlNumber = 1n) =>
    buildCrl(ca, { crlNumber, thisUpdate, nextUpdate, entries: revoked });

  it('lists exactly the given serials with their times and reasons, and verifies with the CA key', async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.bigInt({ min: 0n, max: 2n ** 159n - 1n }), async (revoked, crlNumber) => {
        const crl = new x509.X509Crl(await build(revoked, crlNumber));
        expect(await crl.verify({ publicKey: ca.publicKey })).toBe(true);
        const listed = crl.entries.map((e) => ({
          serialNumber: e.serialNumber,
          revokedAt: e.revocationDate.getTime(),
          reason: e.reason ?? 0,
        }));
        const expected = revoked.map((e) => ({
          serialNumber: canonicalSerialNumber(e.serialNumber),
          revokedAt: e.revokedAt.getTime(),
          reason: REVOCATION_REASON_CODES[e.reason as keyof typeof REVOCATION_REASON_CODES],
        }));
        const bySerial = (a: { serialNumber: string }, b: { serialNumber: string }) =>
          a.serialNumber < b.serialNumber ? -1 : 1;
        expect(listed.sort(bySerial)).toEqual(expected.sort(bySerial));
        expect(readCrlNumber(crl)).toBe(crlNumber);
      }),
      { numRuns: 40 },
    );
  });

  it('names the CA as issuer byte for byte, carries its key identifier, and sets thisUpdate and nextUpdate', async () => {
    const crl = new x509.X509Crl(await build([]));
    expect(Buffer.from(crl.issuerName.toArrayBuffer())).toEqual(
      Buffer.from(ca.certificate.subjectName.toArrayBuffer()),
    );
    const aki = crl.extensions.find((e) => e.type === id_ce_authorityKeyIdentifier)!;
    expect(new x509.AuthorityKeyIdentifierExtension(aki.rawData).keyId).toBe(
      ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
    );
    expect(crl.thisUpdate).toEqual(thisUpdate);
    expect(crl.nextUpdate).toEqual(nextUpdate);
    expect(crl.version).toBe(1); // v2
    expect(crl.entries).toEqual([]);
  });

  it('leaves the reason code out for unspecified (RFC 5280 5.3.1) and sorts entries by serial', async () => {
    const crl = new x509.X509Crl(
      await build([
        { serialNumber: '0a0b', revokedAt: thisUpdate, reason: 'unspecified' },
        { serialNumber: '05', revokedAt: thisUpdate, reason: 'keyCompromise' },
        { serialNumber: 'ff', revokedAt: thisUpdate, reason: 'made-up' },
      ]),
    );
    expect(crl.entries.map((e) => [e.serialNumber, e.reason, e.extensions.length])).toEqual([
      ['05', x509.X509CrlReason.keyCompromise, 1],
      ['ff', undefined, 0],
      ['0a0b', undefined, 0],
    ]);
  });

  it('encodes a serial with its top bit set as a positive INTEGER', async () => {
    const der = await build([{ serialNumber: '80', revokedAt: thisUpdate, reason: 'superseded' }]);
    const entry = AsnConvert.parse(new x509.X509Crl(der).entries[0].rawData, RevokedCertificate);
    expect([...new Uint8Array(entry.userCertificate)]).toEqual([0x00, 0x80]);
  });

  it('refuses duplicate serials, bad dates and CRL numbers out of range', async () => {
    const e = { serialNumber: '01', revokedAt: thisUpdate, reason: 'superseded' };
    await expect(build([e, { ...e, serialNumber: '0001' }])).rejects.toThrow(PkiError);
    await expect(build([], -1n)).rejects.toThrow(/CRL number/);
    await expect(build([], 2n ** 159n)).rejects.toThrow(/CRL number/);
    await expect(
      buildCrl(ca, { crlNumber: 1n, thisUpdate: nextUpdate, nextUpdate: thisUpdate, entries: [] }),
    ).rejects.toThrow(/nextUpdate/);
    await expect(build([{ ...e, revokedAt: new Date(NaN) }])).rejects.toThrow(/revokedAt/);
    await expect(build([{ ...e, serialNumber: 'xyz' }])).rejects.toThrow(/hex/);
  });

  it('writes PEM that @peculiar/x509 reads back to the same DER', async () => {
    const der = await build([{ serialNumber: '1234', revokedAt: thisUpdate, reason: 'cessationOfOperation' }]);
    const pem = crlToPem(der);
    expect(pem).toMatch(/^-----BEGIN X509 CRL-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END X509 CRL-----\n$/);
    expect(Buffer.from(new x509.X509Crl(pem).rawData)).toEqual(Buffer.from(der));
  });
});

function readCrlNumber(crl: x509.X509Crl): bigint {
  const ext = crl.extensions.find((e) => e.type === id_ce_cRLNumber)!;
  expect(ext.critical).toBe(false);
  // Read the INTEGER bytes directly: asn1-x509's CRLNumber holds a JS number.
  const der = Buffer.from(ext.value);
  expect(der[0]).toBe(0x02);
  return BigInt(`0x${der.subarray(2, 2 + der[1]).toString('hex')}`);
}
