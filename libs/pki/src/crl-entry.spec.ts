import fc from 'fast-check';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RevokedCertificate } from '@peculiar/asn1-x509';
import { createCertificateAuthority, type LoadedCertificateAuthority } from './certificate-authority';
import {
  canonicalSerialNumber,
  isIssuedBy,
  revocationReasonCode,
  serialNumberFromOctets,
  serialNumberToOctets,
} from './crl-entry';
import { x509 } from './crypto-provider';
import { issueClientCertificate } from './issue-client-certificate';
import { PkiError } from './pki.errors';

describe('serial numbers', () => {
  const magnitude = fc.uint8Array({ minLength: 1, maxLength: 20 }).filter((b) => b[0] !== 0);

  it('canonicalises any spelling of one number to the same lowercase hex without leading zero octets', () => {
    fc.assert(
      fc.property(magnitude, fc.nat({ max: 3 }), fc.boolean(), (bytes, pad, upper) => {
        const hex = Buffer.from(bytes).toString('hex');
        const spelled = '00'.repeat(pad) + (upper ? hex.toUpperCase() : hex);
        expect(canonicalSerialNumber(spelled)).toBe(hex);
        expect(serialNumberFromOctets(Uint8Array.from([...new Array(pad).fill(0), ...bytes]))).toBe(hex);
      }),
    );
  });

  it('agrees with @peculiar/x509, which spells the read model serials, for DER integers', () => {
    fc.assert(
      fc.property(magnitude, (bytes) => {
        const octets = serialNumberToOctets(Buffer.from(bytes).toString('hex'));
        expect(octets[0] & 0x80).toBe(0); // positive
        const entry = new x509.X509CrlEntry(Buffer.from(bytes).toString('hex'), new Date(), []);
        expect(Buffer.from(AsnConvert.parse(entry.rawData, RevokedCertificate).userCertificate)).toEqual(
          Buffer.from(octets),
        );
        expect(canonicalSerialNumber(entry.serialNumber)).toBe(entry.serialNumber);
      }),
    );
  });

  it('keeps zero as one octet and refuses what is not hex octets', () => {
    expect(canonicalSerialNumber('0000')).toBe('00');
    for (const bad of ['', 'abc', 'zz', '0x01', ' 01']) expect(() => canonicalSerialNumber(bad)).toThrow(PkiError);
  });
});

describe('revocationReasonCode', () => {
  it('maps RFC 5280 names to their codes and anything else to unspecified', () => {
    expect(revocationReasonCode('keyCompromise')).toBe(1);
    expect(revocationReasonCode('cessationOfOperation')).toBe(5);
    expect(revocationReasonCode('certificateHold')).toBe(6);
    expect(revocationReasonCode('removeFromCRL')).toBe(8);
    expect(revocationReasonCode('toString')).toBe(0);
    expect(revocationReasonCode('left')).toBe(0);
  });
});

describe('isIssuedBy', () => {
  let ca: LoadedCertificateAuthority;
  let otherCa: LoadedCertificateAuthority;
  beforeAll(async () => {
    [{ ca }, { ca: otherCa }] = await Promise.all([
      createCertificateAuthority({ validityDays: 30 }),
      createCertificateAuthority({ validityDays: 30 }),
    ]);
  });

  it('is true for certificates of this CA only', async () => {
    const ours = await issueClientCertificate(ca, { commonName: 'user-a', validitySeconds: 86_400 });
    const theirs = await issueClientCertificate(otherCa, { commonName: 'user-a', validitySeconds: 86_400 });
    expect(isIssuedBy(ours.certificatePem, ca)).toBe(true);
    expect(isIssuedBy(theirs.certificatePem, ca)).toBe(false);
    expect(isIssuedBy('not a certificate', ca)).toBe(false);
  });

  it('tells apart a CA with the same subject but another key, by key identifier', async () => {
    const { ca: twin } = await createCertificateAuthority({ validityDays: 30, clusterId: ca.clusterId });
    const fromTwin = await issueClientCertificate(twin, { commonName: 'user-a', validitySeconds: 86_400 });
    expect(isIssuedBy(fromTwin.certificatePem, ca)).toBe(false);
  });
});
