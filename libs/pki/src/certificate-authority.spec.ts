import {
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  verify,
  webcrypto,
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import {
  type CertificateAuthorityMaterial,
  createCertificateAuthority,
  loadCertificateAuthority,
} from './certificate-authority';
import { certificateToPem } from './certificate-pem';
import { x509 } from './crypto-provider';
import { buildName } from './distinguished-name';
import { exportPrivateKeyPem, generateKeyPair } from './key-pair';
import { PkiError } from './pki.errors';
import { CLOCK_SKEW_MS } from './validity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const now = new Date('2031-06-15T10:20:30.000Z');

/** Self-signed material built with @peculiar/x509 directly, CA-shaped unless told otherwise. */
async function selfSignedMaterial(overrides: {
  name?: x509.Name;
  extensions?: x509.Extension[];
  keys?: webcrypto.CryptoKeyPair;
  notBefore?: Date;
  notAfter?: Date;
}): Promise<CertificateAuthorityMaterial> {
  const keys = overrides.keys ?? (await generateKeyPair());
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name:
      overrides.name ??
      buildName([
        ['O', 'certplane'],
        ['OU', randomUUID()],
        ['CN', 'external CA'],
      ]),
    keys,
    notBefore: overrides.notBefore ?? new Date(now.getTime() - 60_000),
    notAfter: overrides.notAfter ?? new Date(now.getTime() + 86_400_000),
    extensions: overrides.extensions ?? [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certificatePem: certificateToPem(certificate), privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
}

/** Asserts CA_INVALID and that no line of the private key body leaked into the message. */
async function expectCaInvalid(material: CertificateAuthorityMaterial, message: RegExp, at: Date = now): Promise<void> {
  const error = await loadCertificateAuthority(material, at).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PkiError);
  expect(error).toMatchObject({ code: 'CA_INVALID', message: expect.stringMatching(message) });
  const keyLines = String(material.privateKeyPem ?? '')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('-----'));
  for (const line of keyLines) expect((error as Error).message).not.toContain(line);
  expect((error as Error).message).not.toContain('PRIVATE KEY');
}

describe('createCertificateAuthority', () => {
  it('creates a self-signed P-256 CA whose OU is a fresh cluster UUID', async () => {
    const { ca, material } = await createCertificateAuthority({ validityDays: 3650, now });
    const cert = ca.certificate;

    expect(ca.clusterId).toMatch(UUID);
    expect(cert.subjectName.toJSON()).toEqual([{ O: ['certplane'] }, { OU: [ca.clusterId] }, { CN: ['certplane CA'] }]);
    expect(cert.issuer).toBe(cert.subject);
    expect(await cert.isSelfSigned()).toBe(true);
    expect(cert.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(cert.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });

    const basicConstraints = cert.getExtension(x509.BasicConstraintsExtension)!;
    expect(basicConstraints).toMatchObject({ ca: true, pathLength: 0, critical: true });
    const keyUsage = cert.getExtension(x509.KeyUsagesExtension)!;
    expect(keyUsage).toMatchObject({
      usages: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
      critical: true,
    });
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(ski.keyId).toBe(Buffer.from(await cert.publicKey.getKeyIdentifier()).toString('hex'));

    const nodeCert = new NodeX509Certificate(material.certificatePem);
    expect(nodeCert.ca).toBe(true);
    expect(nodeCert.verify(nodeCert.publicKey)).toBe(true);
    expect(nodeCert.checkIssued(nodeCert)).toBe(true);
  });

  it('derives validity from now and validityDays', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 10, now });
    expect(ca.certificate.notBefore).toEqual(new Date(now.getTime() - CLOCK_SKEW_MS));
    expect(ca.notAfter).toEqual(new Date(now.getTime() + 10 * 86_400_000));
    expect(ca.notAfter).toEqual(ca.certificate.notAfter);
  });

  it('uses the given cluster id and common name', async () => {
    const clusterId = randomUUID();
    const { ca } = await createCertificateAuthority({ validityDays: 1, clusterId, commonName: 'Prod, EU "A"' });
    expect(ca.clusterId).toBe(clusterId);
    expect(ca.certificate.subjectName.getField('CN')).toEqual(['Prod, EU "A"']);
  });

  it('returns PKCS#8 material and a CA that signs with that key in this process', async () => {
    const { ca, material } = await createCertificateAuthority({ validityDays: 1 });
    expect(material.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(material.certificatePem).toBe(ca.certificatePem);
    expect(ca.signer.localKey?.export({ type: 'pkcs8', format: 'pem' })).toBe(material.privateKeyPem);
  });

  it('rejects a cluster id that is not a UUID and a bad validity', async () => {
    await expect(createCertificateAuthority({ validityDays: 1, clusterId: 'prod' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(createCertificateAuthority({ validityDays: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('loadCertificateAuthority', () => {
  it('round-trips the material it was created from', async () => {
    const { ca, material } = await createCertificateAuthority({ validityDays: 30, now });
    const loaded = await loadCertificateAuthority(material, now);
    expect(loaded.clusterId).toBe(ca.clusterId);
    expect(loaded.certificate.equal(ca.certificate)).toBe(true);
    expect(loaded.notAfter).toEqual(ca.notAfter);
    const probe = new Uint8Array([1, 2, 3]);
    const signature = await loaded.signer.sign(probe);
    expect(verify('sha256', probe, { key: KeyObject.from(ca.publicKey), dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it('accepts a CA made elsewhere (no SKI, not certplane-issued) with a SEC1 key', async () => {
    const keys = await generateKeyPair();
    const material = await selfSignedMaterial({ keys });
    const sec1 = KeyObject.from(keys.privateKey).export({ type: 'sec1', format: 'pem' }).toString();
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    const loaded = await loadCertificateAuthority({ ...material, privateKeyPem: sec1 }, now);
    expect(loaded.certificate.getExtension(x509.SubjectKeyIdentifierExtension)).toBeNull();
  });

  it('rejects a private key that belongs to another certificate', async () => {
    const [a, b] = await Promise.all([
      createCertificateAuthority({ validityDays: 1, now }),
      createCertificateAuthority({ validityDays: 1, now }),
    ]);
    await expectCaInvalid(
      { certificatePem: a.material.certificatePem, privateKeyPem: b.material.privateKeyPem },
      /does not belong/,
    );
  });

  it('rejects a certificate that is not a CA', async () => {
    const leafShaped = await selfSignedMaterial({
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    await expectCaInvalid(leafShaped, /not a CA/);
    await expectCaInvalid(await selfSignedMaterial({ extensions: [] }), /not a CA/);
    const noCertSign = await selfSignedMaterial({
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    await expectCaInvalid(noCertSign, /not a CA/);
  });

  it('rejects garbage, swapped and encrypted material', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 1, now });
    const encryptedKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    await expectCaInvalid({ certificatePem: 'garbage', privateKeyPem: material.privateKeyPem }, /not a PEM-encoded/);
    await expectCaInvalid({ certificatePem: material.certificatePem, privateKeyPem: 'garbage' }, /private key/);
    const swapped = { certificatePem: material.privateKeyPem, privateKeyPem: material.certificatePem };
    await expectCaInvalid(swapped, /certificate/);
    await expectCaInvalid({ certificatePem: material.certificatePem, privateKeyPem: encryptedKey }, /unencrypted/);
    await expectCaInvalid({} as CertificateAuthorityMaterial, /certificate/);
  });

  it('rejects a CA whose key is not P-256', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const p384 = await selfSignedMaterial({ keys });
    await expectCaInvalid(p384, /private key is not an unencrypted EC P-256/);
    const p256Key = exportPrivateKeyPem((await generateKeyPair()).privateKey);
    await expectCaInvalid({ ...p384, privateKeyPem: p256Key }, /certificate key is not EC P-256/);
  });

  it('rejects a CA outside its validity period', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 1, now });
    await expectCaInvalid(material, /not valid at/, new Date(now.getTime() + 2 * 86_400_000));
    await expectCaInvalid(material, /not valid at/, new Date(now.getTime() - 3_600_000));
  });

  it('requires exactly one UUID OU for the cluster id', async () => {
    const withoutOu = await selfSignedMaterial({
      name: buildName([
        ['O', 'certplane'],
        ['CN', 'x'],
      ]),
    });
    await expectCaInvalid(withoutOu, /OU/);
    const nonUuid = await selfSignedMaterial({
      name: buildName([
        ['OU', 'Engineering'],
        ['CN', 'x'],
      ]),
    });
    await expectCaInvalid(nonUuid, /OU/);
    const twoOus = await selfSignedMaterial({
      name: buildName([
        ['OU', randomUUID()],
        ['OU', randomUUID()],
        ['CN', 'x'],
      ]),
    });
    await expectCaInvalid(twoOus, /OU/);
  });
});
