import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createCertificateAuthority } from './certificate-authority';
import { x509 } from './crypto-provider';
import { issueServerCertificate } from './issue-server-certificate';
import { PkiError } from './pki.errors';

describe('issueServerCertificate', () => {
  it('issues a serverAuth leaf for the given names, signed by the CA, with its own key', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 30 });
    const issued = await issueServerCertificate(ca, {
      commonName: 'server',
      hostnames: ['localhost', 'certplane.example'],
      ips: ['127.0.0.1', '::1'],
      validityDays: 10,
    });
    const node = new X509Certificate(issued.certificatePem);
    expect(node.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(node.checkHost('certplane.example')).toBe('certplane.example');
    expect(node.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(node.checkIP('10.0.0.1')).toBeUndefined();
    expect(node.checkPrivateKey(createPrivateKey(issued.privateKeyPem))).toBe(true);
    expect(node.ca).toBe(false);
    const parsed = new x509.X509Certificate(issued.certificatePem);
    expect(parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBeGreaterThan(10 * 86_400_000);
  });

  it('never outlives the CA', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 2 });
    const issued = await issueServerCertificate(ca, {
      commonName: 'server',
      hostnames: ['localhost'],
      ips: [],
      validityDays: 90,
    });
    expect(issued.notAfter.getTime()).toBeLessThanOrEqual(ca.notAfter.getTime());
  });

  it('refuses a certificate without names, and names that are not hostnames', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 2 });
    await expect(
      issueServerCertificate(ca, { commonName: 'server', hostnames: [], ips: [], validityDays: 1 }),
    ).rejects.toThrow(PkiError);
    await expect(
      issueServerCertificate(ca, { commonName: 'server', hostnames: ['not a host'], ips: [], validityDays: 1 }),
    ).rejects.toThrow(/not a valid hostname/);
  });
});
