import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type * as Issuance from '@certplane/issuance';
import type * as Pki from '@certplane/pki';

// Worker threads load compiled JavaScript, so this test drives the pool as production does: from dist
// (`npm run build` first). Everything else in jest runs the sources, where the signer signs inline.
const DIST = join(__dirname, '..', '..', 'dist', 'libs');
const compiled = existsSync(join(DIST, 'issuance', 'src', 'certificate-signing.worker.js'));
const describeCompiled = compiled ? describe : describe.skip;

describeCompiled('CertificateSigner with worker threads (from dist)', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pki = require(join(DIST, 'pki', 'src')) as typeof Pki;
  const { CertificateSigner } = require(join(DIST, 'issuance', 'src', 'certificate-signer')) as typeof Issuance;
  /* eslint-enable @typescript-eslint/no-require-imports */
  let ca: Pki.LoadedCertificateAuthority;
  let signer: Issuance.CertificateSigner;

  beforeAll(async () => {
    ca = (await pki.createCertificateAuthority({ validityDays: 30 })).ca;
    signer = new CertificateSigner({ signingThreads: 2 });
  });
  afterAll(() => signer.onModuleDestroy());

  it('issues on the pool certificates that verify against the CA, lint clean and carry their own keys', async () => {
    expect(signer.threadCount).toBe(2);
    const issued = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        signer.issue(ca, {
          commonName: `user-${i}`,
          ips: ['10.0.0.1'],
          hostnames: [`h${i}.example`],
          validitySeconds: 86_400,
        }),
      ),
    );
    const caKey = KeyObject.from(ca.publicKey);
    for (const [i, cert] of issued.entries()) {
      expect(new NodeX509Certificate(cert.certificatePem).verify(caKey)).toBe(true);
      expect(pki.lintClientCertificate(cert.certificatePem, ca)).toEqual([]);
      expect(pki.parseCertificatePem(cert.certificatePem).subjectName.getField('CN')).toEqual([`user-${i}`]);
      expect(await pki.privateKeyPemMatchesCertificate(cert.privateKeyPem!, cert.certificatePem)).toBe(true);
    }
    expect(new Set(issued.map((c) => c.serialNumber)).size).toBe(issued.length);
  });

  it('certifies a supplied public key handed across the thread boundary', async () => {
    const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const issued = await signer.issue(ca, {
      commonName: 'user-csr',
      publicKey: keys.publicKey,
      validitySeconds: 86_400,
    });
    expect(issued.privateKeyPem).toBeUndefined();
    const spki = KeyObject.from(keys.publicKey).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(pki.parseCertificatePem(issued.certificatePem).publicKey.rawData).equals(spki)).toBe(true);
  });

  it('refuses a key that cannot cross to a worker as invalid input', async () => {
    await expect(
      signer.issue(ca, { commonName: 'c', publicKey: {} as never, validitySeconds: 86_400 }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the PkiError code of a refusal made in a worker', async () => {
    await expect(
      signer.issue(ca, { commonName: 'c', hostnames: ['*.example.com'], validitySeconds: 86_400 }),
    ).rejects.toMatchObject({
      name: 'PkiError',
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not a valid hostname'),
    });
  });
});
