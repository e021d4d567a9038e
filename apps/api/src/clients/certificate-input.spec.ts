import { createCertificateAuthority, issueClientCertificate } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { CertificateInput } from './certificate-input';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e) => (e as { code?: string }).code ?? String(e),
  );

describe('a certificate handed in for registration', () => {
  it("accepts a client certificate of the CA, and refuses the CA's own certificate (signed by the same key, but no client's)", async () => {
    const { ca, material } = await createCertificateAuthority({ validityDays: 30 });
    const input = new CertificateInput({
      issuers: async () => ({ all: [{ ca }] }),
    } as unknown as CertificateAuthorityStore);
    const leaf = await issueClientCertificate(ca, { commonName: 'user-registered', validitySeconds: 7 * 86_400 });
    expect(await outcome(input.registered(leaf.certificatePem))).toBe('accepted');
    expect(await outcome(input.registered(material.certificatePem))).toBe('INVALID_CERTIFICATE');
  });
});
