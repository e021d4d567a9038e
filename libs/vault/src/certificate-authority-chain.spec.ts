import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, SecretBox } from '@certplane/pki';
import { CertificateAuthorityChain } from './certificate-authority-chain';
import { CertificateAuthorityStore } from './certificate-authority.store';

describe('CertificateAuthorityChain', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-chain-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // With CA files configured the store reads them and never touches the database.
  const fromFiles = (certFile: string, keyFile: string) => {
    const source = { certFile, keyFile, validityDays: 1 };
    return new CertificateAuthorityChain(
      new CertificateAuthorityStore(undefined as never, new SecretBox(new Uint8Array(32)), source),
      source,
    );
  };

  it('is the CA certificate followed by the certificates after it in CERTPLANE_CA_CERT_FILE', async () => {
    const [ours, issuer] = await Promise.all([
      createCertificateAuthority({ validityDays: 5 }),
      createCertificateAuthority({ validityDays: 5 }),
    ]);
    const certFile = join(dir, 'chain.pem');
    const keyFile = join(dir, 'ca.key');
    // As operators write chain files: CRLF line ends and text between the blocks.
    writeFileSync(
      certFile,
      `${ours.material.certificatePem}subject=issuer\r\n${issuer.material.certificatePem.replace(/\n/g, '\r\n')}`,
    );
    writeFileSync(keyFile, ours.material.privateKeyPem);
    expect(await fromFiles(certFile, keyFile).pem()).toBe(ours.ca.certificatePem + issuer.ca.certificatePem);
  });

  it('is the CA certificate alone for a CA certplane created (kept in the database)', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 5 });
    const store = { get: async () => ca } as unknown as CertificateAuthorityStore;
    expect(await new CertificateAuthorityChain(store, { validityDays: 5 }).pem()).toBe(ca.certificatePem);
  });

  it('names a certificate of the file it cannot read, and tries again on the next call', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 5 });
    const certFile = join(dir, 'bad-chain.pem');
    const keyFile = join(dir, 'bad.key');
    writeFileSync(certFile, `${material.certificatePem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    writeFileSync(keyFile, material.privateKeyPem);
    const chain = fromFiles(certFile, keyFile);
    await expect(chain.pem()).rejects.toThrow(
      'certificate 2 of the CA certificate file is not a valid X.509 certificate',
    );
    writeFileSync(certFile, material.certificatePem);
    await expect(chain.pem()).resolves.toContain('-----BEGIN CERTIFICATE-----');
  });
});
