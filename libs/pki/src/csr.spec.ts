import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { KeyObject, webcrypto } from 'node:crypto';
import { createCertificateAuthority } from './certificate-authority';
import { x509 } from './crypto-provider';
import { parseCertificateSigningRequest } from './csr';
import { issueClientCertificate } from './issue-client-certificate';
import { PkiError } from './pki.errors';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function makeCsr(opts: { keys?: webcrypto.CryptoKeyPair; extensions?: x509.Extension[]; hash?: string } = {}) {
  const keys = opts.keys ?? (await webcrypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=asks-for-more',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: opts.hash ?? 'SHA-256' },
    extensions: opts.extensions,
  });
  return { keys, csr, pem: csr.toString('pem') };
}

const spki = (key: webcrypto.CryptoKey | KeyObject) =>
  (key instanceof KeyObject ? key : KeyObject.from(key)).export({ format: 'der', type: 'spki' });
const pemOf = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
const codeOf = async (pem: unknown) => {
  try {
    await parseCertificateSigningRequest(pem as string);
    return undefined;
  } catch (e) {
    return e instanceof PkiError ? e.code : `NOT_A_PKI_ERROR: ${(e as Error)?.message}`;
  }
};

describe('parseCertificateSigningRequest', () => {
  it.each([
    ['ec-p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']],
    ['rsa-3072', ['-newkey', 'rsa:3072']],
    ['ed25519', ['-newkey', 'ed25519']],
  ])('takes an OpenSSL %s CSR, naming its key type', async (keyType, args) => {
    const pem = execFileSync('openssl', ['req', '-new', ...args, '-nodes', '-keyout', '/dev/null', '-subj', '/CN=x'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    expect((await parseCertificateSigningRequest(pem)).keyType).toBe(keyType);
  });

  it('refuses an RSA key of a size certplane does not issue for', async () => {
    const pem = execFileSync(
      'openssl',
      ['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=x'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString();
    expect(await codeOf(pem)).toBe('INVALID_CSR');
  });

  it('returns the public key of a CSR whose signature verifies, under either PEM label', async () => {
    const { keys, pem } = await makeCsr({ hash: 'SHA-384' });
    expect(spki((await parseCertificateSigningRequest(pem)).publicKey).equals(spki(keys.publicKey))).toBe(true);
    const legacy = pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    expect(spki((await parseCertificateSigningRequest(legacy)).publicKey).equals(spki(keys.publicKey))).toBe(true);
  });

  it('takes nothing but the key: CA:TRUE, other usages and extra SANs in the CSR do not reach the certificate', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 30 });
    const { keys, pem } = await makeCsr({
      extensions: [
        new x509.BasicConstraintsExtension(true, 3, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.codeSigning]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'bank.example' },
          { type: 'ip', value: '8.8.8.8' },
        ]),
      ],
    });
    const { publicKey } = await parseCertificateSigningRequest(pem);
    const issued = await issueClientCertificate(ca, {
      commonName: 'user-x',
      hostnames: ['x.example'],
      validitySeconds: 86_400,
      publicKey,
    });
    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(issued.privateKeyPem).toBeUndefined();
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value)).toEqual([
      'x.example',
    ]);
    expect(cert.subject).toContain('CN=user-x');
    expect(Buffer.from(cert.publicKey.rawData).equals(spki(keys.publicKey))).toBe(true);
  });

  it('refuses a CSR whose signature does not verify (tampered content or signature)', async () => {
    const { csr } = await makeCsr();
    const der = new Uint8Array(csr.rawData);
    const cn = Buffer.from(der).indexOf(Buffer.from('asks-for-more'));
    const tamperedName = Uint8Array.from(der);
    tamperedName[cn] ^= 0x01;
    expect(await codeOf(pemOf(tamperedName))).toBe('INVALID_CSR');
    // Another key's signature over the same request.
    const other = await makeCsr();
    const signedByOther = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=asks-for-more',
      keys: { ...other.keys, publicKey: (await makeCsr()).keys.publicKey },
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    expect(await codeOf(signedByOther.toString('pem'))).toBe('INVALID_CSR');
  });

  it('refuses a CSR whose framing or signature value is not DER, though the signed part verifies', async () => {
    const { csr } = await makeCsr();
    const der = Buffer.from(csr.rawData);
    const algorithm = der.indexOf(Buffer.from('300a06082a8648ce3d040302', 'hex'));
    const signatureValue = der.indexOf(Buffer.from([0x03]), algorithm + 12) + 3;
    const withByte = (at: number, value: number) => Uint8Array.from(der, (b, i) => (i === at ? value : b));
    // The outer length too short, the algorithm's SEQUENCE too short, the ECDSA signature value's SEQUENCE too short:
    // @peculiar's parser reads all three as the original request.
    for (const broken of [
      withByte(2, der[2] - 14),
      withByte(algorithm + 1, 0x02),
      withByte(signatureValue + 1, der[signatureValue + 1] - 2),
    ]) {
      expect(await codeOf(pemOf(broken))).toBe('INVALID_CSR');
    }
    expect(await codeOf(pemOf(der))).toBeUndefined();
    // A signature BIT STRING that claims unused bits.
    expect(await codeOf(pemOf(withByte(signatureValue - 1, 0x01)))).toBe('INVALID_CSR');
    // Trailing bytes after the request.
    expect(await codeOf(pemOf(Buffer.concat([der, Buffer.from([0x00, 0x00])])))).toBe('INVALID_CSR');
  });

  it('accepts an EC P-256 CSR made by OpenSSL', async () => {
    const pem = execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        '/dev/null',
        '-subj',
        '/CN=openssl-made',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString();
    expect(await codeOf(pem)).toBeUndefined();
  });

  it('refuses keys of no type a profile can allow (P-521 here)', async () => {
    const p521 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign', 'verify']);
    expect(await codeOf((await makeCsr({ keys: p521, hash: 'SHA-512' })).pem)).toBe('INVALID_CSR');
  });

  it('refuses what is not a CSR', async () => {
    const { ca } = await createCertificateAuthority({ validityDays: 1 });
    for (const text of [
      '',
      'garbage',
      ca.certificatePem,
      ca.certificatePem.replace(/CERTIFICATE/g, 'CERTIFICATE REQUEST'),
      pemOf(new Uint8Array([0x30, 0x00])),
      undefined,
      42,
      null,
    ]) {
      expect(await codeOf(text)).toBe('INVALID_CSR');
    }
  });

  it('never throws anything but INVALID_CSR, for any text, any PEM body, and any byte flipped in a real CSR', async () => {
    const { csr } = await makeCsr();
    const der = new Uint8Array(csr.rawData);
    await fc.assert(
      fc.asyncProperty(fc.string(), async (s) => (await codeOf(s)) === 'INVALID_CSR'),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        async (bytes) => (await codeOf(pemOf(bytes))) === 'INVALID_CSR',
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const mutated = Uint8Array.from(der);
        mutated[i] ^= x;
        const code = await codeOf(pemOf(mutated));
        // Every byte is either signed or framing that must be DER.
        return code === 'INVALID_CSR';
      }),
      { numRuns: 1000 },
    );
  });
});
