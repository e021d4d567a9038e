import * as pki from '@certplane/pki';

describe('@certplane/pki entry point', () => {
  it('exports the documented API through the path alias', () => {
    const expected = [
      'PkiError',
      'SecretBox',
      'certificateToPem',
      'createCertificateAuthority',
      'generateSerialNumber',
      'issueClientCertificate',
      'lintClientCertificate',
      'loadCertificateAuthority',
      'parseCertificatePem',
      'privateKeyPemMatchesCertificate',
      'x509',
      'MAX_SANS',
    ];
    for (const name of expected) expect(pki).toHaveProperty(name);
    expect(pki.MAX_SANS).toBe(100);
  });

  it('shares one configured @peculiar/x509 with its callers', async () => {
    const { ca } = await pki.createCertificateAuthority({ validityDays: 1 });
    // Works without the caller registering a crypto provider itself.
    const reparsed = new pki.x509.X509Certificate(ca.certificatePem);
    expect(await reparsed.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
  });
});
