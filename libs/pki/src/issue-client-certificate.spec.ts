import { spawnSync } from 'node:child_process';
import { KeyObject, webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createCertificateAuthority, type LoadedCertificateAuthority } from './certificate-authority';
import { lintClientCertificate } from './certificate-lint';
import { parseCertificatePem } from './certificate-pem';
import { x509 } from './crypto-provider';
import { certificateTemplateFor, issueClientCertificate } from './issue-client-certificate';
import { generateKeyPair, privateKeyPemMatchesCertificate } from './key-pair';
import { canonicalIp, readSubjectAltNames } from './subject-alt-names';
import { CLOCK_SKEW_MS } from './validity';

const DAY_MS = 86_400_000;
const now = new Date('2031-06-15T10:20:30.000Z');

function spkiOf(key: webcrypto.CryptoKey | x509.PublicKey): Buffer {
  return key instanceof x509.PublicKey
    ? Buffer.from(key.rawData)
    : KeyObject.from(key).export({ type: 'spki', format: 'der' });
}

describe('issueClientCertificate', () => {
  let ca: LoadedCertificateAuthority;
  let otherCa: LoadedCertificateAuthority;

  beforeAll(async () => {
    ca = (await createCertificateAuthority({ validityDays: 3650, now })).ca;
    // Same subject as `ca`, different key: only signatures tell them apart.
    otherCa = (await createCertificateAuthority({ validityDays: 3650, now, clusterId: ca.clusterId })).ca;
  });

  it('keeps one template per named profile, made again when a change of the profile alters what it encodes', async () => {
    const client = {
      keyTypes: ['ec-p256' as const],
      extendedKeyUsages: ['clientAuth' as const],
      subject: { extra: [] },
    };
    const server = { ...client, extendedKeyUsages: ['serverAuth' as const] };
    const first = await certificateTemplateFor(ca, client, 'changing');
    expect(await certificateTemplateFor(ca, { ...client }, 'changing')).toBe(first);
    const changed = await certificateTemplateFor(ca, server, 'changing');
    expect(changed).not.toBe(first);
    expect(changed.profile.extendedKeyUsages).toEqual(['serverAuth']);
    // The slot follows the profile: changed back, it is made again, not the first one kept beside it.
    const back = await certificateTemplateFor(ca, client, 'changing');
    expect(back).not.toBe(first);
    expect(back).not.toBe(changed);
    // Another profile encoding alike has a slot of its own.
    expect(await certificateTemplateFor(ca, client, 'other')).not.toBe(back);
  });

  it('issues a certificate that verifies against its CA with @peculiar/x509 and with node', async () => {
    const issued = await issueClientCertificate(ca, {
      commonName: 'user-my-client',
      validitySeconds: 30 * 86_400,
      now,
    });
    const leaf = parseCertificatePem(issued.certificatePem);
    expect(await leaf.verify({ publicKey: ca.publicKey, date: now })).toBe(true);
    expect(await leaf.verify({ publicKey: otherCa.publicKey, date: now })).toBe(false);

    const nodeLeaf = new NodeX509Certificate(issued.certificatePem);
    const nodeCa = new NodeX509Certificate(ca.certificatePem);
    expect(nodeLeaf.verify(nodeCa.publicKey)).toBe(true);
    expect(nodeLeaf.checkIssued(nodeCa)).toBe(true);
    expect(nodeLeaf.verify(new NodeX509Certificate(otherCa.certificatePem).publicKey)).toBe(false);
    expect(nodeLeaf.ca).toBe(false);
  });

  it('encodes subject, issuer, serial and extensions as specified', async () => {
    const issued = await issueClientCertificate(ca, {
      commonName: 'user-my-client',
      ips: ['10.1.2.3', '2001:DB8::1'],
      hostnames: ['client.example.com'],
      validitySeconds: 30 * 86_400,
      now,
    });
    const leaf = parseCertificatePem(issued.certificatePem);

    expect(leaf.subjectName.toJSON()).toEqual([{ OU: [ca.clusterId] }, { CN: ['user-my-client'] }]);
    const der = (name: x509.Name) => Buffer.from(name.toArrayBuffer());
    expect(der(leaf.issuerName)).toEqual(der(ca.certificate.subjectName));
    expect(leaf.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(leaf.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });

    expect(leaf.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true });
    expect(leaf.getExtension(x509.KeyUsagesExtension)).toMatchObject({
      usages: x509.KeyUsageFlags.digitalSignature,
      critical: true,
    });
    expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(leaf.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toBe(
      Buffer.from(await leaf.publicKey.getKeyIdentifier()).toString('hex'),
    );
    expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    expect(readSubjectAltNames(leaf)).toEqual({ ips: ['10.1.2.3', '2001:db8::1'], hostnames: ['client.example.com'] });

    // 16 bytes, top bit clear, first byte non-zero: 32 hex digits starting 01..7f
    expect(issued.serialNumber).toMatch(/^(0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/);
    expect(issued.serialNumber).toBe(leaf.serialNumber);
    const nodeLeaf = new NodeX509Certificate(issued.certificatePem);
    expect(issued.serialNumber).toBe(nodeLeaf.serialNumber.toLowerCase());
    expect(issued.fingerprintSha256).toBe(nodeLeaf.fingerprint256.replace(/:/g, '').toLowerCase());

    expect(issued.notBefore).toEqual(new Date(now.getTime() - CLOCK_SKEW_MS));
    expect(issued.notAfter).toEqual(new Date(now.getTime() + 30 * DAY_MS));
    expect(leaf.notBefore).toEqual(issued.notBefore);
    expect(leaf.notAfter).toEqual(issued.notAfter);
  });

  it('reports validity as encoded, truncated to whole seconds', async () => {
    const withMillis = new Date(now.getTime() + 999);
    const issued = await issueClientCertificate(ca, { commonName: 'c', validitySeconds: 86_400, now: withMillis });
    expect(issued.notBefore).toEqual(new Date(now.getTime() - CLOCK_SKEW_MS));
    expect(issued.notAfter).toEqual(new Date(now.getTime() + DAY_MS));
  });

  it('accepts the longest common name a client name can produce', async () => {
    const commonName = `user-${'n'.repeat(128)}`; // client names are up to 128 characters
    const issued = await issueClientCertificate(ca, { commonName, validitySeconds: 86_400, now });
    expect(parseCertificatePem(issued.certificatePem).subjectName.getField('CN')).toEqual([commonName]);
  });

  it('omits subjectAltName when there are no names', async () => {
    const issued = await issueClientCertificate(ca, { commonName: 'c', ips: [], validitySeconds: 86_400, now });
    expect(parseCertificatePem(issued.certificatePem).getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
  });

  it('returns a generated PKCS#8 key that belongs to the certificate', async () => {
    const issued = await issueClientCertificate(ca, { commonName: 'c', validitySeconds: 86_400, now });
    expect(issued.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(await privateKeyPemMatchesCertificate(issued.privateKeyPem!, issued.certificatePem)).toBe(true);
    expect(await privateKeyPemMatchesCertificate(issued.privateKeyPem!, ca.certificatePem)).toBe(false);
  });

  it('certifies a supplied public key and returns no private key', async () => {
    const keys = await generateKeyPair();
    const { publicKey } = keys;
    const issued = await issueClientCertificate(ca, { commonName: 'c', publicKey, validitySeconds: 86_400, now });
    expect(issued).not.toHaveProperty('privateKeyPem');
    expect(spkiOf(parseCertificatePem(issued.certificatePem).publicKey)).toEqual(spkiOf(keys.publicKey));
  });

  it('never lets a certificate outlive its CA', async () => {
    const { ca: shortCa } = await createCertificateAuthority({ validityDays: 10, now });
    const issued = await issueClientCertificate(shortCa, { commonName: 'c', validitySeconds: 365 * 86_400, now });
    expect(issued.notAfter).toEqual(shortCa.notAfter);
  });

  it('refuses to issue from an expired CA, because the result fails lint', async () => {
    const { ca: shortCa } = await createCertificateAuthority({ validityDays: 1, now });
    const later = new Date(now.getTime() + 2 * DAY_MS);
    const issuing = issueClientCertificate(shortCa, { commonName: 'c', validitySeconds: 86_400, now: later });
    await expect(issuing).rejects.toMatchObject({
      code: 'LINT_FAILED',
      message: expect.stringContaining('validity: expired'),
    });
  });

  it('stores IPs canonically, so other parsers read the intended address', async () => {
    const issued = await issueClientCertificate(ca, {
      commonName: 'c',
      ips: ['::FFFF:1.2.3.4'],
      validitySeconds: 86_400,
      now,
    });
    expect(new NodeX509Certificate(issued.certificatePem).subjectAltName).toBe('IP Address:1.2.3.4');
    expect(readSubjectAltNames(parseCertificatePem(issued.certificatePem)).ips).toEqual(['1.2.3.4']);
  });

  it('rejects invalid input before signing anything', async () => {
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    const p256 = await generateKeyPair();
    const invalid = [
      { commonName: '' },
      { commonName: 'x'.repeat(257) },
      { ips: ['300.1.1.1'] },
      { ips: ['fe80::1%eth0'] },
      { hostnames: ['*.example.com'] },
      { hostnames: Array.from({ length: 101 }, (_, i) => `h${i}.example.com`) },
      { validitySeconds: 0 },
      { validitySeconds: Number.NaN },
      { publicKey: p256.privateKey },
    ];
    for (const override of invalid) {
      await expect(
        issueClientCertificate(ca, { commonName: 'c', validitySeconds: 86_400, now, ...override }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(
      issueClientCertificate(ca, { commonName: 'c', validitySeconds: 86_400, now, publicKey: p384.publicKey }),
    ).rejects.toMatchObject({ code: 'KEY_TYPE_NOT_ALLOWED' });
  });

  it('is accepted by `openssl verify -purpose sslclient`, and refused for sslserver', async () => {
    // openssl checks against the wall clock, so this CA and leaf are valid now.
    const { ca: liveCa } = await createCertificateAuthority({ validityDays: 1 });
    const issued = await issueClientCertificate(liveCa, {
      commonName: 'user-my-client, "quoted" + ünïcode',
      ips: ['127.0.0.1', '::1'],
      hostnames: ['localhost'],
      validitySeconds: 86_400,
    });
    const dir = mkdtempSync(join(tmpdir(), 'certplane-pki-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), liveCa.certificatePem);
      writeFileSync(join(dir, 'leaf.pem'), issued.certificatePem);
      const verify = (purpose: string) =>
        spawnSync('/usr/bin/openssl', ['verify', '-CAfile', 'ca.pem', '-purpose', purpose, 'leaf.pem'], {
          cwd: dir,
          encoding: 'utf8',
        });
      const client = verify('sslclient');
      expect(client.stdout.trim()).toBe('leaf.pem: OK');
      expect(client.status).toBe(0);
      const server = verify('sslserver');
      expect(server.status).not.toBe(0);
      expect(server.stdout + server.stderr).toMatch(/unsuitable certificate purpose/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('for any common name, SANs and key source', () => {
    // Mixes arbitrary Unicode with characters that are special in RFC 4514 strings.
    const dnSpecial = fc.constantFrom(...',+="\\<>;#\' '.split(''));
    const commonName = fc
      .array(fc.oneof(dnSpecial, fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), {
        minLength: 1,
        maxLength: 16,
      })
      .map((parts) => parts.join(''));
    const ips = fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 10 });
    const hostnames = fc.array(fc.domain(), { maxLength: 10 });

    it('produces a parseable certificate that verifies, lints clean and reads back the input', async () => {
      await fc.assert(
        fc.asyncProperty(commonName, ips, hostnames, fc.boolean(), async (cn, ipList, hostList, supplyKey) => {
          const publicKey = supplyKey ? (await generateKeyPair()).publicKey : undefined;
          const issued = await issueClientCertificate(ca, {
            commonName: cn,
            ips: ipList,
            hostnames: hostList,
            publicKey,
            validitySeconds: 7 * 86_400,
            now,
          });
          const leaf = parseCertificatePem(issued.certificatePem);
          expect(await leaf.verify({ publicKey: ca.publicKey, date: now })).toBe(true);
          expect(new NodeX509Certificate(issued.certificatePem).verify(KeyObject.from(ca.publicKey))).toBe(true);
          expect(lintClientCertificate(issued.certificatePem, ca, now)).toEqual([]);
          expect(leaf.subjectName.getField('CN')).toEqual([cn]);
          expect(leaf.subjectName.getField('OU')).toEqual([ca.clusterId]);
          expect(readSubjectAltNames(leaf)).toEqual({ ips: ipList.map(canonicalIp), hostnames: hostList });
          expect(issued.privateKeyPem === undefined).toBe(supplyKey);
        }),
        { numRuns: 40 },
      );
    });
  });
});
