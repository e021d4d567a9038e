import { createCertificateAuthority } from './certificate-authority';
import { certificateToPem, parseCertificatePem } from './certificate-pem';

describe('certificate PEM helpers', () => {
  it('round-trips a certificate and ends the PEM with a newline', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 1 });
    const pem = certificateToPem(ca.certificate);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    expect(parseCertificatePem(pem).equal(ca.certificate)).toBe(true);
  });

  it('rejects anything that is not a PEM certificate', async () => {
    const { ca, material } = await createCertificateAuthority({ validityDays: 1 });
    const base64Der = Buffer.from(ca.certificate.rawData).toString('base64');
    const notCertificates = [
      '',
      'garbage',
      base64Der, // valid DER, but not PEM
      material.privateKeyPem,
      material.privateKeyPem.replace(/PRIVATE KEY/g, 'CERTIFICATE'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      undefined as unknown as string,
    ];
    for (const text of notCertificates) {
      expect(() => parseCertificatePem(text)).toThrow(expect.objectContaining({ code: 'INVALID_CERTIFICATE' }));
    }
  });
});
