import { createPrivateKey, type KeyObject, sign, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { createCertificateAuthority, type LoadedCertificateAuthority } from './certificate-authority';
import { clientProfileProblems, lintClientCertificate } from './certificate-lint';
import { certificateToPem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { readDerElement } from './der';
import { buildName } from './distinguished-name';
import { issueClientCertificate } from './issue-client-certificate';
import { generateKeyPair, importPrivateKeyPem } from './key-pair';
import { locateSerialNumber } from './serial-number';
import { MAX_SANS } from './subject-alt-names';

const DAY_MS = 86_400_000;
const now = new Date('2031-06-15T10:20:30.000Z');

type ExtensionSlot = 'basicConstraints' | 'keyUsage' | 'extendedKeyUsage' | 'subjectAltName';

interface LeafOptions {
  serialNumber?: string;
  subject?: x509.Name;
  issuer?: x509.Name;
  notBefore?: Date;
  notAfter?: Date;
  publicKey?: CryptoKey;
  signingKey?: CryptoKey;
  signingAlgorithm?: webcrypto.EcdsaParams;
  /** Replaces the slot; undefined removes the extension */
  extensions?: Partial<Record<ExtensionSlot, x509.Extension | undefined>>;
}

describe('lintClientCertificate', () => {
  let ca: LoadedCertificateAuthority;
  let caSigningKey: KeyObject;
  let caPrivateKey: CryptoKey;
  let impostor: LoadedCertificateAuthority;
  let impostorKey: CryptoKey;
  let leafKeys: webcrypto.CryptoKeyPair;

  beforeAll(async () => {
    const created = await createCertificateAuthority({ validityDays: 3650, now });
    ca = created.ca;
    caSigningKey = createPrivateKey(created.material.privateKeyPem);
    // Same subject as the CA, different key.
    caPrivateKey = await importPrivateKeyPem(created.material.privateKeyPem);
    const other = await createCertificateAuthority({ validityDays: 3650, now, clusterId: ca.clusterId });
    impostor = other.ca;
    impostorKey = await importPrivateKeyPem(other.material.privateKeyPem);
    leafKeys = await generateKeyPair();
  });

  /** A client certificate built with @peculiar/x509 directly: clean unless an option says otherwise. */
  async function leafPem(options: LeafOptions = {}): Promise<string> {
    const extensions: Record<ExtensionSlot, x509.Extension | undefined> = {
      basicConstraints: new x509.BasicConstraintsExtension(false, undefined, true),
      keyUsage: new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      extendedKeyUsage: new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      subjectAltName: new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'client.example.com' }]),
      ...options.extensions,
    };
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: options.serialNumber ?? '0102030405060708090a0b0c0d0e0f10',
      subject:
        options.subject ??
        buildName([
          ['OU', ca.clusterId],
          ['CN', 'user-client'],
        ]),
      issuer: options.issuer ?? ca.certificate.subjectName,
      notBefore: options.notBefore ?? new Date(now.getTime() - 60_000),
      notAfter: options.notAfter ?? new Date(now.getTime() + DAY_MS),
      publicKey: options.publicKey ?? leafKeys.publicKey,
      signingKey: options.signingKey ?? caPrivateKey,
      signingAlgorithm: options.signingAlgorithm ?? { name: 'ECDSA', hash: 'SHA-256' },
      extensions: Object.values(extensions).filter((ext): ext is x509.Extension => ext !== undefined),
    });
    return certificateToPem(cert);
  }

  /**
   * Rewrites the serial INTEGER with raw content octets and re-signs with the CA key: @peculiar/x509 itself
   * refuses to encode a negative or zero serial (it pads or replaces them).
   */
  function withRawSerial(pem: string, serial: number[]): string {
    const der = new Uint8Array(new x509.X509Certificate(pem).rawData);
    const tbs = readDerElement(der, readDerElement(der, 0, 0x30).contentStart, 0x30);
    const serialElement = locateSerialNumber(der);
    const newTbs = derElement(0x30, [
      ...der.slice(tbs.contentStart, serialElement.start),
      ...derElement(0x02, serial),
      ...der.slice(serialElement.end, tbs.end),
    ]);
    const signatureAlgorithm = der.slice(tbs.end, readDerElement(der, tbs.end, 0x30).end);
    const signature = sign('sha256', newTbs, caSigningKey); // DER-encoded ECDSA-Sig-Value
    const certificate = derElement(0x30, [...newTbs, ...signatureAlgorithm, ...derElement(0x03, [0, ...signature])]);
    return certificateToPem(new x509.X509Certificate(certificate));
  }

  function derElement(tag: number, content: ArrayLike<number>): Uint8Array {
    const length = content.length;
    const header =
      length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
    return Uint8Array.from([...header, ...Array.from(content)]);
  }

  const lint = (pem: string) => lintClientCertificate(pem, ca, now);

  it('finds nothing wrong with a well-formed client certificate', async () => {
    expect(lint(await leafPem())).toEqual([]);
    expect(lint(await leafPem({ extensions: { basicConstraints: undefined, subjectAltName: undefined } }))).toEqual([]);
    const issued = await issueClientCertificate(ca, { commonName: 'user-client', validitySeconds: 86_400, now });
    expect(lint(issued.certificatePem)).toEqual([]);
  });

  it('reports a certificate that cannot be parsed', () => {
    expect(lint('garbage')).toEqual(['certificate: cannot be parsed']);
  });

  it('reports a signature by another key, even under the same CA name', async () => {
    expect(lint(await leafPem({ signingKey: impostorKey }))).toEqual([
      'signature: does not verify with the CA public key',
    ]);
  });

  it('reports a signature algorithm other than ECDSA with SHA-256', async () => {
    expect(lint(await leafPem({ signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } }))).toEqual([
      'signatureAlgorithm: must be ECDSA with SHA-256',
    ]);
  });

  it('reports an issuer name that is not the CA subject', async () => {
    const issuer = buildName([
      ['O', 'certplane'],
      ['OU', ca.clusterId],
      ['CN', 'another CA'],
    ]);
    expect(lint(await leafPem({ issuer }))).toEqual(['issuer: does not match the CA subject']);
  });

  it('reports certificates outside their validity or outliving the CA', async () => {
    const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY_MS);
    const expired = await leafPem({ notBefore: daysFromNow(-2), notAfter: daysFromNow(-1) });
    expect(lint(expired)).toEqual(['validity: expired']);
    expect(lint(await leafPem({ notBefore: new Date(now.getTime() + 60_000) }))).toEqual(['validity: not yet valid']);
    expect(lint(await leafPem({ notAfter: new Date(ca.notAfter.getTime() + 1000) }))).toEqual([
      'validity: notAfter is later than the CA notAfter',
    ]);
    expect(lint(await leafPem({ notAfter: ca.notAfter }))).toEqual([]);
  });

  it('reports validity problems exactly when the model says so', async () => {
    const seconds = fc.integer({ min: -5 * 86_400, max: 5 * 86_400 });
    await fc.assert(
      fc.asyncProperty(seconds, seconds, fc.boolean(), async (startOffset, length, pastCa) => {
        const notBefore = new Date(now.getTime() + startOffset * 1000);
        const notAfter = new Date(pastCa ? ca.notAfter.getTime() + 1000 : notBefore.getTime() + length * 1000);
        const expected = [
          ...(now < notBefore ? ['validity: not yet valid'] : []),
          ...(now > notAfter ? ['validity: expired'] : []),
          ...(pastCa ? ['validity: notAfter is later than the CA notAfter'] : []),
        ];
        expect(lint(await leafPem({ notBefore, notAfter }))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('requires the extended key usage to be exactly clientAuth', async () => {
    const { serverAuth, clientAuth } = x509.ExtendedKeyUsage;
    for (const extendedKeyUsage of [
      new x509.ExtendedKeyUsageExtension([serverAuth]),
      new x509.ExtendedKeyUsageExtension([clientAuth, serverAuth]),
      new x509.ExtendedKeyUsageExtension([]),
      undefined,
    ]) {
      expect(lint(await leafPem({ extensions: { extendedKeyUsage } }))).toEqual([
        'extendedKeyUsage: must be exactly clientAuth',
      ]);
    }
  });

  it('requires digitalSignature and forbids certificate or CRL signing', async () => {
    const { digitalSignature, keyEncipherment, keyCertSign, cRLSign } = x509.KeyUsageFlags;
    const ku = (usages: number) => ({ extensions: { keyUsage: new x509.KeyUsagesExtension(usages, true) } });
    const missing = 'keyUsage: digitalSignature is missing';
    const signing = 'keyUsage: must not allow certificate or CRL signing';
    expect(lint(await leafPem(ku(keyEncipherment)))).toEqual([missing]);
    expect(lint(await leafPem({ extensions: { keyUsage: undefined } }))).toEqual([missing]);
    expect(lint(await leafPem(ku(digitalSignature | keyCertSign)))).toEqual([signing]);
    expect(lint(await leafPem(ku(digitalSignature | cRLSign)))).toEqual([signing]);
    expect(lint(await leafPem(ku(digitalSignature | keyEncipherment)))).toEqual([]);
  });

  it('reports a leaf that claims to be a CA', async () => {
    const basicConstraints = new x509.BasicConstraintsExtension(true, undefined, true);
    expect(lint(await leafPem({ extensions: { basicConstraints } }))).toEqual(['basicConstraints: must not be a CA']);
  });

  it('requires a positive, non-zero serial of 64 bits to 20 octets', async () => {
    const short = 'serialNumber: must have at least 64 bits';
    expect(lint(await leafPem({ serialNumber: '01020304050607' }))).toEqual([short]);
    expect(lint(await leafPem({ serialNumber: '0000000000000001' }))).toEqual([short]);
    expect(lint(await leafPem({ serialNumber: '0102030405060708' }))).toEqual([]);
    expect(lint(await leafPem({ serialNumber: 'ffffffffffffffff' }))).toEqual([]); // encoded with a 0x00 pad: 9 octets
    expect(lint(await leafPem({ serialNumber: '01'.repeat(20) }))).toEqual([]);
    expect(lint(await leafPem({ serialNumber: '01'.repeat(21) }))).toEqual(['serialNumber: must not exceed 20 octets']);

    const base = await leafPem();
    expect(lint(withRawSerial(base, [1, 2, 3, 4, 5, 6, 7, 8]))).toEqual([]); // the re-signing itself is sound
    expect(lint(withRawSerial(base, [0x81, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual(['serialNumber: must be positive']);
    expect(lint(withRawSerial(base, [0]))).toEqual(['serialNumber: must not be zero']);
  });

  it('reports more than MAX_SANS subject alternative names', async () => {
    const names = (count: number) =>
      new x509.SubjectAlternativeNameExtension(
        Array.from({ length: count }, (_, i) => ({ type: 'dns' as const, value: `h${i}.example.com` })),
      );
    expect(lint(await leafPem({ extensions: { subjectAltName: names(MAX_SANS) } }))).toEqual([]);
    expect(lint(await leafPem({ extensions: { subjectAltName: names(MAX_SANS + 1) } }))).toEqual([
      `subjectAltName: more than ${MAX_SANS} names`,
    ]);
  });

  it('reports a public key of a type the profile does not allow (the default profile: EC P-256)', async () => {
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    expect(lint(await leafPem({ publicKey: p384.publicKey }))).toEqual(['publicKey: must be one of ec-p256']);
  });

  it('holds the usages and key type to the profile it is given', async () => {
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    const server = {
      keyTypes: ['ec-p384' as const],
      extendedKeyUsages: ['serverAuth' as const],
      subject: { extra: [] },
    };
    expect(lintClientCertificate(await leafPem({ publicKey: p384.publicKey }), ca, now, server)).toEqual([
      'extendedKeyUsage: must be exactly serverAuth',
    ]);
  });

  it('reports SANs that are not well formed for their kind: wildcards, relative URIs, bad e-mail, other kinds', async () => {
    const names = (items: x509.JsonGeneralName[]) =>
      leafPem({ extensions: { subjectAltName: new x509.SubjectAlternativeNameExtension(items) } });
    expect(lint(await names([{ type: 'dns', value: '*.example.com' }]))).toEqual([
      'subjectAltName: a DNS name is not a valid hostname (wildcards included)',
    ]);
    expect(lint(await names([{ type: 'url', value: '/relative/path' }]))).toEqual([
      'subjectAltName: a URI is not absolute',
    ]);
    expect(lint(await names([{ type: 'email', value: 'no-at-sign' }]))).toEqual([
      'subjectAltName: an e-mail address is not local@domain',
    ]);
    expect(lint(await names([{ type: 'upn', value: 'a@b' }]))).toEqual([
      'subjectAltName: kinds certplane does not issue: upn',
    ]);
  });

  it('reports a subject without a common name', async () => {
    const missing = ['subject: commonName is missing'];
    expect(lint(await leafPem({ subject: buildName([['OU', ca.clusterId]]) }))).toEqual(missing);
    expect(
      lint(
        await leafPem({
          subject: buildName([
            ['OU', ca.clusterId],
            ['CN', ''],
          ]),
        }),
      ),
    ).toEqual(missing);
  });

  it('reports every problem at once', () => {
    // Another CA's certificate is about as wrong a client certificate as there is.
    expect(lintClientCertificate(impostor.certificatePem, ca, now)).toEqual([
      'signature: does not verify with the CA public key',
      'extendedKeyUsage: must be exactly clientAuth',
      'keyUsage: digitalSignature is missing',
      'keyUsage: must not allow certificate or CRL signing',
      'basicConstraints: must not be a CA',
    ]);
  });

  describe('clientProfileProblems (what registration takes)', () => {
    const { clientAuth, serverAuth } = x509.ExtendedKeyUsage;
    const problems = async (extensions: LeafOptions['extensions']) =>
      clientProfileProblems(new x509.X509Certificate(await leafPem({ extensions })));

    it('takes a leaf for clientAuth, alone or among other purposes', async () => {
      expect(await problems({})).toEqual([]);
      expect(
        await problems({ extendedKeyUsage: new x509.ExtendedKeyUsageExtension([serverAuth, clientAuth]) }),
      ).toEqual([]);
    });

    it('refuses a serverAuth-only leaf, one stating no purpose, a CA and a certificate or CRL signer', async () => {
      expect(await problems({ extendedKeyUsage: new x509.ExtendedKeyUsageExtension([serverAuth]) })).toEqual([
        'extendedKeyUsage: must include clientAuth',
      ]);
      expect(await problems({ extendedKeyUsage: undefined })).toEqual(['extendedKeyUsage: must include clientAuth']);
      expect(await problems({ basicConstraints: new x509.BasicConstraintsExtension(true, 0, true) })).toEqual([
        'basicConstraints: must not be a CA',
      ]);
      expect(
        await problems({
          keyUsage: new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.cRLSign, true),
        }),
      ).toEqual(['keyUsage: must not allow certificate or CRL signing']);
      expect(clientProfileProblems(ca.certificate)).toEqual([
        'extendedKeyUsage: must include clientAuth',
        'basicConstraints: must not be a CA',
        'keyUsage: must not allow certificate or CRL signing',
      ]);
    });

    it('refuses a subject with two CNs, and SANs other than DNS names and IP addresses', async () => {
      const twoCns = await leafPem({
        subject: buildName([
          ['CN', 'user-client'],
          ['CN', 'user-other'],
        ]),
      });
      expect(clientProfileProblems(new x509.X509Certificate(twoCns))).toEqual([
        'subject: must have exactly one commonName',
      ]);
      for (const other of [
        { type: 'url' as const, value: 'spiffe://example.org/bank' },
        { type: 'email' as const, value: 'ops@example.com' },
      ]) {
        const san = new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'client.example.com' }, other]);
        expect(await problems({ subjectAltName: san })).toEqual(['subjectAltName: only DNS names and IP addresses']);
      }
      expect(
        await problems({
          subjectAltName: new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '192.0.2.7' }]),
        }),
      ).toEqual([]);
    });
  });
});
