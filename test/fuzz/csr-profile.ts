import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '@certplane/pki';
import { makeCsr, opensslVerify } from '../clients/client-fixtures';
import { Harness } from '../support/certplane-harness';
import { exportPkcs8Pem, FuzzFixtures, issuedCertificatePems } from './fuzz-fixtures';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const PRIVATE_KEY_USAGE_PERIOD = '2.5.29.16';
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** PrivateKeyUsagePeriod { notAfter [1] GeneralizedTime }: the one standard way a CSR can name a validity. */
function privateKeyUsagePeriod(notAfter: Date): x509.Extension {
  const time = Buffer.from(notAfter.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z', 'ascii');
  const der = Buffer.concat([Buffer.from([0x30, time.length + 2, 0x81, time.length]), time]);
  return new x509.Extension(PRIVATE_KEY_USAGE_PERIOD, false, der);
}

const hundredYears = () => new Date(Date.now() + 100 * 365.25 * 86_400_000);
const manySans = (n: number) =>
  new x509.SubjectAlternativeNameExtension([
    ...Array.from({ length: n - 10 }, (_, i) => ({ type: 'dns' as const, value: `san${i}.evil.example` })),
    ...Array.from({ length: 10 }, (_, i) => ({ type: 'ip' as const, value: `192.0.2.${i + 1}` })),
  ]);
const caTrue = () => [
  new x509.BasicConstraintsExtension(true, 0, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
];
const ownUsages = () => [
  new x509.ExtendedKeyUsageExtension(
    [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.codeSigning, '2.5.29.37.0'],
    true,
  ),
  new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment | x509.KeyUsageFlags.keyCertSign,
    true,
  ),
];

export interface HostileCsr {
  name: string;
  make(): Promise<{ pem: string; privateKeyPem: string }>;
}

const hostile = (name: string, extensions: () => x509.Extension[], subject = 'CN=from-the-csr'): HostileCsr => ({
  name,
  make: async () => {
    const csr = await makeCsr({ extensions: extensions(), name: subject });
    return { pem: csr.pem, privateKeyPem: await exportPkcs8Pem(csr.keys.privateKey) };
  },
});

/** CSRs that ask for what only the server's profile decides. */
export const hostileCsrs: HostileCsr[] = [
  hostile('CA:TRUE', caTrue),
  hostile('its own EKU and key usage', ownUsages),
  hostile('a validity of 100 years', () => [privateKeyUsagePeriod(hundredYears())]),
  // 500 SANs make a CSR longer than certplane takes (8192 characters): refused. 100 fit, and must be ignored.
  hostile('500 SANs', () => [manySans(500)]),
  hostile('100 SANs', () => [manySans(100)]),
  hostile(
    'all of it, as CN=admin',
    () => [...caTrue().slice(0, 1), ownUsages()[0], privateKeyUsagePeriod(hundredYears()), manySans(100)],
    'CN=admin, O=evil',
  ),
];

/** Every certificate the client has must be the server's clientAuth leaf, whatever its CSR asked. */
export async function checkIssuedAgainstProfile(
  h: Harness,
  fx: FuzzFixtures,
  clientId: string,
  commonName: string,
  atLeast: number,
): Promise<void> {
  const pems = await issuedCertificatePems(h, clientId, atLeast);
  for (const pem of pems) {
    const cert = new x509.X509Certificate(pem);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([CLIENT_AUTH]);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBeLessThanOrEqual(
      h.config.certValidity.milliseconds + CLOCK_SKEW_MS,
    );
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.length ?? 0).toBeLessThanOrEqual(1);
    expect(cert.extensions.map((e) => e.type)).not.toContain(PRIVATE_KEY_USAGE_PERIOD);
    expect(cert.subjectName.getField('CN')).toEqual([commonName]);

    // As a relying party reads it.
    const text = opensslText(pem);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/TLS Web Client Authentication/);
    expect(text).not.toMatch(
      /Server Authentication|Code Signing|Certificate Sign|Any Extended Key Usage|evil\.example/,
    );
    expect(opensslVerify(fx.caPem, pem)).toMatch(/: OK/);
  }
}

function opensslText(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-fuzz-'));
  try {
    writeFileSync(join(dir, 'c.pem'), pem);
    return execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, 'c.pem')]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
