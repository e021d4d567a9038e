import { KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { ConfigError } from '@certplane/config';
import { createCertificateAuthority } from '@certplane/pki';
import { CertificateSigner } from './certificate-signer';

// Running from the TypeScript sources there is no compiled worker; test/pki/signing-pool.test.ts drives the pool from dist.
describe('CertificateSigner from the sources', () => {
  it('signs inline when the thread count is unset', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 1 });
    const signer = new CertificateSigner({});
    expect(signer.threadCount).toBe(0);
    const issued = await signer.issue(ca, { commonName: 'user-a', validitySeconds: 86_400 });
    expect(new NodeX509Certificate(issued.certificatePem).verify(KeyObject.from(ca.publicKey))).toBe(true);
    await signer.onModuleDestroy();
  });

  it('refuses threads it cannot start, naming the variable', () => {
    expect(() => new CertificateSigner({ signingThreads: 2 })).toThrow(ConfigError);
    expect(() => new CertificateSigner({ signingThreads: 2 })).toThrow(/CERTPLANE_SIGNING_THREADS|compiled worker/);
    expect(new CertificateSigner({ signingThreads: 0 }).threadCount).toBe(0);
  });
});
