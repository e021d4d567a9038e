import { createCertificateAuthority } from '@certplane/pki';
import { LoadedIssuer } from './certificate-authority.store';
import { trustBundle } from './trust-bundle';
import { chainAfterCa } from './first-certificate-authority';

describe('trustBundle', () => {
  it('is every issuer chain, the active one first, each certificate once', async () => {
    const [old, next, root] = await Promise.all(
      [1, 2, 3].map(() => createCertificateAuthority({ validityDays: 5 }).then((c) => c.ca)),
    );
    const issuer = (id: string, ca: typeof old, above = ''): LoadedIssuer => ({
      id,
      status: 'ready',
      ca,
      chainPem: ca.certificatePem + above,
    });
    const active = issuer('b', next, root.certificatePem);
    expect(trustBundle(active, [issuer('a', old, root.certificatePem), active])).toBe(
      next.certificatePem + root.certificatePem + old.certificatePem,
    );
  });
});

describe('chainAfterCa', () => {
  it('is the certificates after the first in a CA file, whatever sits between them', async () => {
    const [ours, issuer] = await Promise.all([
      createCertificateAuthority({ validityDays: 5 }),
      createCertificateAuthority({ validityDays: 5 }),
    ]);
    // As operators write chain files: CRLF line ends and text between the blocks.
    const file = `${ours.material.certificatePem}subject=issuer\r\n${issuer.material.certificatePem.replace(/\n/g, '\r\n')}`;
    expect(chainAfterCa(file)).toBe(issuer.ca.certificatePem);
    expect(chainAfterCa(ours.material.certificatePem)).toBe('');
  });

  it('names a certificate of the file it cannot read', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 5 });
    expect(() =>
      chainAfterCa(`${material.certificatePem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`),
    ).toThrow('certificate 2 of the CA certificate file is not a valid X.509 certificate');
  });
});
