import fc from 'fast-check';
import { createCertificateAuthority } from './certificate-authority';
import { isSignedByCa, summarizeCertificate } from './certificate-summary';
import { parseCertificatePem } from './certificate-pem';
import { issueClientCertificate } from './issue-client-certificate';
import { PkiError } from './pki.errors';

describe('certificate summary', () => {
  it('reads serial, validity, fingerprint, CN and SANs as issuance reported them', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 30 });
    const issued = await issueClientCertificate(ca, {
      commonName: 'user-a',
      ips: ['2001:db8::1'],
      hostnames: ['a.example'],
      validitySeconds: 86_400,
    });
    expect(summarizeCertificate(parseCertificatePem(issued.certificatePem))).toEqual({
      serialNumber: issued.serialNumber,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
      fingerprintSha256: issued.fingerprintSha256,
      commonName: 'user-a',
      subjectAltNames: { ips: ['2001:db8::1'], hostnames: ['a.example'] },
    });
  });

  it('knows which CA signed a certificate', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 30 });
    const { ca: other } = await createCertificateAuthority({ validityDays: 30, clusterId: ca.clusterId });
    const issued = parseCertificatePem(
      (await issueClientCertificate(ca, { commonName: 'user-a', validitySeconds: 86_400 })).certificatePem,
    );
    expect(isSignedByCa(issued, ca)).toBe(true);
    // Same subject name, other key: names alone would match.
    expect(isSignedByCa(issued, other)).toBe(false);
  });

  it('parsing a PEM for registration never throws anything but INVALID_CERTIFICATE', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .uint8Array({ maxLength: 400 })
            .map(
              (b) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(b).toString('base64')}\n-----END CERTIFICATE-----\n`,
            ),
        ),
        (text) => {
          try {
            summarizeCertificate(parseCertificatePem(text));
            return true;
          } catch (e) {
            return e instanceof PkiError && e.code === 'INVALID_CERTIFICATE';
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
