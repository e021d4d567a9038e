import {
  createPrivateKey,
  createPublicKey,
  ECDH,
  KeyObject,
  webcrypto,
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import fc from 'fast-check';
import { createCertificateAuthority, type LoadedCertificateAuthority, withDistribution } from './certificate-authority';
import { x509 } from './crypto-provider';
import { lintClientCertificate } from './certificate-lint';
import { parseCertificatePem } from './certificate-pem';
import { readDerElement } from './der';
import { EXTENDED_KEY_USAGES, EXTRA_RDN_TYPES, KEY_TYPES, type KeyType } from '@certplane/domain';
import { ecP256PublicKey, generateEcP256Key } from './ec-p256-encoding';
import { generateSubjectKey, subjectPublicKey } from './subject-public-key';
import { FastCertificateTemplate } from './fast-certificate-template';
import { certificateTemplateFor, issueClientCertificateWithLibrary } from './issue-client-certificate';
import { generateKeyPair, privateKeyPemMatchesCertificate } from './key-pair';
import { generateSerialNumber } from './serial-number';

const DAY_MS = 86_400_000;
const created = new Date('2026-01-01T00:00:00.000Z');

function tbsOf(certificatePem: string): Buffer {
  const der = Buffer.from(parseCertificatePem(certificatePem).rawData);
  const certificate = readDerElement(der, 0, 0x30);
  const tbs = readDerElement(der, certificate.contentStart, 0x30);
  return der.subarray(tbs.start, tbs.end);
}

/** The library takes WebCrypto keys; an Ed25519 or RSA one is imported by its own algorithm. */
function webcryptoKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const spki = key.export({ type: 'spki', format: 'der' });
  const type = subjectPublicKey(key).keyType;
  const algorithm = type.startsWith('rsa')
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : type === 'ed25519'
      ? { name: 'Ed25519' }
      : { name: 'ECDSA', namedCurve: type === 'ec-p384' ? 'P-384' : 'P-256' };
  return webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
}

describe('FastCertificateTemplate', () => {
  let ca: LoadedCertificateAuthority;

  beforeAll(async () => {
    // Valid into the 22nd century, so validity can cross 2050, where UTCTime gives way to GeneralizedTime.
    ca = (await createCertificateAuthority({ validityDays: 40_000, now: created })).ca;
  });

  describe('for any common name, SANs, key, serial and time', () => {
    const dnSpecial = fc.constantFrom(...',+="\\<>;#\' '.split(''));
    const commonName = fc
      .array(fc.oneof(dnSpecial, fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), {
        minLength: 1,
        maxLength: 16,
      })
      .map((parts) => parts.join(''));
    const ips = fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 6 });
    const hostnames = fc.array(fc.domain(), { maxLength: 6 });
    // Shaped as generateSerialNumber shapes its random bytes (positive, no leading zero octet).
    const serial = fc
      .uint8Array({ minLength: 16, maxLength: 16 })
      .map((bytes) => Uint8Array.of(bytes[0] & 0x7f || 1, ...bytes.subarray(1)));
    const now = fc.date({ min: created, max: new Date('2120-01-01T00:00:00.000Z'), noInvalidDate: true });
    const validitySeconds = fc.integer({ min: 300, max: 825 * 86_400 });

    it('signs exactly the TBSCertificate the @peculiar/x509 path builds, and the result verifies and lints clean', async () => {
      await fc.assert(
        fc.asyncProperty(
          commonName,
          ips,
          hostnames,
          serial,
          now,
          validitySeconds,
          fc.boolean(),
          async (cn, ipList, hostList, serialNumber, at, seconds, suppliedKey) => {
            const input = { commonName: cn, ips: ipList, hostnames: hostList, validitySeconds: seconds, now: at };
            const fast = (await certificateTemplateFor(ca)).issue(
              { ...input, publicKey: suppliedKey ? (await generateKeyPair()).publicKey : undefined },
              serialNumber,
            );
            // The library certifies the very key the fast path put in its certificate.
            const leaf = parseCertificatePem(fast.certificatePem);
            const publicKey = await leaf.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
            const reference = await issueClientCertificateWithLibrary(ca, { ...input, publicKey }, serialNumber);

            expect(tbsOf(fast.certificatePem).equals(tbsOf(reference.certificatePem))).toBe(true);
            expect(fast.serialNumber).toBe(reference.serialNumber);
            expect(fast.notBefore).toEqual(reference.notBefore);
            expect(fast.notAfter).toEqual(reference.notAfter);
            expect(await leaf.verify({ publicKey: ca.publicKey, date: at })).toBe(true);
            const nodeLeaf = new NodeX509Certificate(fast.certificatePem);
            expect(nodeLeaf.verify(KeyObject.from(ca.publicKey))).toBe(true);
            expect(fast.fingerprintSha256).toBe(nodeLeaf.fingerprint256.replace(/:/g, '').toLowerCase());
            expect(lintClientCertificate(fast.certificatePem, ca, at)).toEqual([]);
            expect(fast.privateKeyPem === undefined).toBe(suppliedKey);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  it('writes the CRL distribution point and OCSP responder of a CA that has them, as the library path does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.domain(), fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `https://${host}:${port}`),
        fc.boolean(),
        async (base, supplied) => {
          const withUrls = withDistribution(ca, {
            crlUrl: `${base}/pki/issuers/x/crl`,
            ocspUrl: `${base}/pki/ocsp`,
            caIssuersUrl: `${base}/pki/issuers/x/certificate`,
          });
          const input = { commonName: 'edge', validitySeconds: 3600, now: created };
          const serialNumber = generateSerialNumber();
          const fast = (await certificateTemplateFor(withUrls)).issue(
            { ...input, publicKey: supplied ? (await generateKeyPair()).publicKey : undefined },
            serialNumber,
          );
          const leaf = parseCertificatePem(fast.certificatePem);
          const publicKey = await leaf.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
          const reference = await issueClientCertificateWithLibrary(withUrls, { ...input, publicKey }, serialNumber);
          expect(tbsOf(fast.certificatePem).equals(tbsOf(reference.certificatePem))).toBe(true);
          const node = new NodeX509Certificate(fast.certificatePem);
          expect(node.infoAccess).toContain(`OCSP - URI:${base}/pki/ocsp`);
          expect(node.infoAccess).toContain(`CA Issuers - URI:${base}/pki/issuers/x/certificate`);
          expect(leaf.getExtension(x509.CRLDistributionPointsExtension)).toBeDefined();
          expect(lintClientCertificate(fast.certificatePem, withUrls, created)).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  });

  describe('for any profile (key types, usages, extra RDNs) and SANs of every kind', () => {
    // Keys made once: an RSA-4096 key per run would make the property a matter of minutes.
    const pool = new Map<KeyType, KeyObject[]>();
    beforeAll(() => {
      for (const keyType of KEY_TYPES)
        pool.set(
          keyType,
          [0, 1].map(() => createPublicKey(generateSubjectKey(keyType).privateKeyPem)),
        );
    });
    const profile = fc.record({
      keyTypes: fc.shuffledSubarray([...KEY_TYPES], { minLength: 1 }),
      extendedKeyUsages: fc.shuffledSubarray([...EXTENDED_KEY_USAGES], { minLength: 1 }),
      subject: fc.record({
        extra: fc.array(
          fc.record({ type: fc.constantFrom(...EXTRA_RDN_TYPES), value: fc.string({ minLength: 1, maxLength: 12 }) }),
          { maxLength: 3 },
        ),
      }),
    });
    const sans = fc.record({
      ips: fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 3 }),
      hostnames: fc.array(fc.domain(), { maxLength: 3 }),
      uris: fc.array(
        fc.oneof(
          fc.webUrl(),
          fc
            .tuple(fc.domain(), fc.stringMatching(/^[a-z0-9-]{1,10}$/))
            .map(([d, s]) => `spiffe://${d}/ns/${s}/sa/${s}`),
        ),
        { maxLength: 3 },
      ),
      emails: fc.array(fc.emailAddress(), { maxLength: 3 }),
    });

    it('signs exactly the TBSCertificate the @peculiar/x509 path builds, and the result lints clean against the profile', async () => {
      const material = { certificatePem: ca.certificatePem, signingKey: ca.signer.localKey! };
      await fc.assert(
        fc.asyncProperty(profile, sans, fc.nat(), fc.boolean(), async (p, names, pick, supplied) => {
          fc.pre([...names.uris, ...names.emails].every((n) => /^[\x21-\x7e]+$/.test(n)));
          const keyType = p.keyTypes[pick % p.keyTypes.length];
          // A generated key is the profile's first type (large RSA ones only now and then: they take seconds); a supplied one any type it allows.
          const generate = !supplied && (!/rsa-(3072|4096)/.test(p.keyTypes[0]) || pick % 8 === 0);
          const publicKey = generate ? undefined : pool.get(keyType)![pick % 2];
          const at = new Date('2030-06-01T00:00:00Z');
          const input = { commonName: 'svc-a', ...names, validitySeconds: 30 * 86_400, now: at, profile: p };
          const serialNumber = generateSerialNumber();
          let fast;
          try {
            fast = FastCertificateTemplate.fromSigningMaterial(material, p).issue(
              { ...input, publicKey },
              serialNumber,
            );
          } catch (e) {
            // The generators reach URIs and addresses certplane refuses; the library path must refuse them too.
            expect((e as { code?: string }).code).toBe('INVALID_INPUT');
            await expect(issueClientCertificateWithLibrary(ca, input, serialNumber)).rejects.toMatchObject({
              code: 'INVALID_INPUT',
            });
            return;
          }
          const leaf = new NodeX509Certificate(fast.certificatePem);
          const reference = await issueClientCertificateWithLibrary(
            ca,
            { ...input, publicKey: await webcryptoKey(leaf.publicKey) },
            serialNumber,
          );
          expect(tbsOf(fast.certificatePem).equals(tbsOf(reference.certificatePem))).toBe(true);
          expect(leaf.verify(KeyObject.from(ca.publicKey))).toBe(true);
          expect(subjectPublicKey(leaf.publicKey).keyType).toBe(generate ? p.keyTypes[0] : keyType);
          expect(lintClientCertificate(fast.certificatePem, ca, at, p)).toEqual([]);
        }),
        { numRuns: 60 },
      );
    }, 180_000);

    it('proves a template of every key type against the lint, and refuses a key type the profile does not allow', async () => {
      const all = {
        keyTypes: [...KEY_TYPES],
        extendedKeyUsages: [...EXTENDED_KEY_USAGES],
        subject: { extra: [{ type: 'O' as const, value: 'Example' }] },
      };
      await expect(FastCertificateTemplate.forCa(ca, all)).resolves.toBeDefined();
      const p384Only = { ...all, keyTypes: ['ec-p384' as const] };
      const template = await certificateTemplateFor(ca, p384Only);
      expect(() =>
        template.issue({ commonName: 'c', validitySeconds: 86_400, publicKey: pool.get('rsa-2048')![0] }),
      ).toThrow(expect.objectContaining({ code: 'KEY_TYPE_NOT_ALLOWED' }));
    });
  });

  it('hands out the generated key as node would export it, belonging to the certificate', async () => {
    const issued = (await certificateTemplateFor(ca)).issue({
      commonName: 'c',
      validitySeconds: 86_400,
      now: new Date('2030-01-01T00:00:00Z'),
    });
    expect(await privateKeyPemMatchesCertificate(issued.privateKeyPem!, issued.certificatePem)).toBe(true);
  });

  it('encodes generated keys byte for byte as OpenSSL does (1 in 256 has a leading zero octet to keep)', () => {
    for (let i = 0; i < 1000; i++) {
      const key = generateEcP256Key();
      const privateKey = createPrivateKey(key.privateKeyPem);
      expect(privateKey.export({ type: 'pkcs8', format: 'pem' })).toBe(key.privateKeyPem);
      expect(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).equals(key.spki)).toBe(true);
    }
  });

  it('certifies a compressed-point key in the uncompressed form WebCrypto would export', async () => {
    const { publicKey } = await generateKeyPair();
    const uncompressed = KeyObject.from(publicKey).export({ type: 'spki', format: 'der' });
    const point = uncompressed.subarray(uncompressed.length - 65);
    const compressedPoint = ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'compressed') as Buffer;
    const compressedSpki = Buffer.concat([
      Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
      compressedPoint,
    ]);
    const key = createPublicKey({ key: compressedSpki, format: 'der', type: 'spki' });
    expect(ecP256PublicKey(key).spki.equals(uncompressed)).toBe(true);
  });

  it('refuses keys that are not EC P-256 public keys', async () => {
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    const p256 = await generateKeyPair();
    for (const key of [p384.publicKey, p256.privateKey, createPrivateKey(generateEcP256Key().privateKeyPem)]) {
      expect(() => ecP256PublicKey(key)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('builds the same certificates from the signing material a worker thread receives', async () => {
    const fields = {
      serialNumber: generateSerialNumber(),
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-31T00:00:00Z'),
      commonName: 'user-a',
      subjectAltNames: { ips: ['10.0.0.1'], hostnames: ['a.example'] },
      publicKey: generateSubjectKey('ec-p256'),
    };
    const inWorker = FastCertificateTemplate.fromSigningMaterial({
      certificatePem: ca.certificatePem,
      signingKey: ca.signer.localKey!,
    });
    expect(inWorker.tbsCertificate(fields).equals((await certificateTemplateFor(ca)).tbsCertificate(fields))).toBe(
      true,
    );
    expect(new NodeX509Certificate(inWorker.certificate(fields)).verify(KeyObject.from(ca.publicKey))).toBe(true);
    // With distribution URLs too: a worker writes them as the main thread does.
    const distribution = {
      crlUrl: 'https://cp.example/pki/issuers/a/crl',
      ocspUrl: 'https://cp.example/pki/ocsp',
      caIssuersUrl: 'https://cp.example/pki/issuers/a/certificate',
    };
    const withUrls = withDistribution(ca, distribution);
    const inWorkerWithUrls = FastCertificateTemplate.fromSigningMaterial({
      certificatePem: ca.certificatePem,
      signingKey: ca.signer.localKey!,
      distribution,
    });
    const tbs = inWorkerWithUrls.tbsCertificate(fields);
    expect(tbs.equals((await certificateTemplateFor(withUrls)).tbsCertificate(fields))).toBe(true);
    expect(tbs.equals(inWorker.tbsCertificate(fields))).toBe(false);
  });

  it('refuses to issue once the CA has expired, as lint would', async () => {
    const later = new Date(ca.notAfter.getTime() + DAY_MS);
    const template = await certificateTemplateFor(ca);
    expect(() => template.issue({ commonName: 'c', validitySeconds: 86_400, now: later })).toThrow(
      expect.objectContaining({ code: 'LINT_FAILED', message: expect.stringContaining('validity: expired') }),
    );
  });
});
