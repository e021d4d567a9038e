import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curl } from '../auth/mtls-fixtures';
import { bearer, clientIdOf, Harness, startCertplane } from '../support/certplane-harness';
import { enrolClient, openssl } from './relying-party';

jest.setTimeout(90_000);

/**
 * An intermediate issuer under an operator's root made with openssl: certplane answers a CSR, takes the signed
 * certificate and its chain, refuses one that does not fit, and once activated issues certificates that
 * verify up to the operator's root.
 */
describe("an intermediate issuer under an operator's root (real Postgres, NATS, openssl and curl)", () => {
  let h: Harness;
  let dir: string;
  let issuerId: string;
  let csrFile: string;
  const file = (name: string) => join(dir, name);
  const put = (body: unknown) => h.call('PUT', `/pki/issuers/${issuerId}/certificate`, body, bearer(h));

  /** A root the way an operator makes one: `openssl req -x509`. */
  const makeRoot = async (name: string) => {
    const run = await openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
      '-days',
      '30',
      '-subj',
      `/O=Operator/CN=${name}`,
    ]);
    expect(run.status).toBe(0);
    return readFileSync(file(`${name}.pem`), 'utf8');
  };
  /** `openssl x509 -req -extfile` signing a CSR with the root, with the extensions given. */
  const sign = async (csr: string, root: string, extensions: string, out: string) => {
    writeFileSync(file(`${out}.ext`), extensions);
    const run = await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      file(`${root}.pem`),
      '-CAkey',
      file(`${root}.key`),
      '-CAcreateserial',
      '-days',
      '20',
      '-extfile',
      file(`${out}.ext`),
      '-out',
      file(`${out}.pem`),
    ]);
    expect(run.status).toBe(0);
    return readFileSync(file(`${out}.pem`), 'utf8');
  };
  const CA_EXTENSIONS = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';

  beforeAll(async () => {
    h = await startCertplane();
    dir = mkdtempSync(join(tmpdir(), 'cp-intermediate-'));
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers POST /pki/issuers {"kind":"intermediate"} with a CSR for a new key, and will not activate it yet', async () => {
    const created = await h.call('POST', '/pki/issuers', { kind: 'intermediate' }, bearer(h));
    expect(created).toMatchObject({ status: 201, body: { kind: 'intermediate', status: 'pending' } });
    issuerId = created.body.id;
    csrFile = file('intermediate.csr');
    writeFileSync(csrFile, created.body.csr);
    const csr = await openssl(['req', '-in', csrFile, '-noout', '-verify', '-subject']);
    expect(csr.output).toMatch(/verify OK/i);
    expect(csr.stdout).toContain(`CN = certplane CA ${issuerId.slice(0, 8)}`);
    const activate = await h.call('POST', `/pki/issuers/${issuerId}/activate`, {}, bearer(h));
    expect(activate).toMatchObject({ status: 409, body: { code: 'ISSUER_NOT_READY' } });
  });

  it('refuses a certificate that is not one, is for another key, is not a CA, or comes with a chain that did not sign it', async () => {
    const root = await makeRoot('root');
    await makeRoot('other-root');
    expect(await put({ certificate: 'not a certificate' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ISSUER_CERTIFICATE' },
    });
    expect((await put({})).body.code).toBe('INVALID_ISSUER_CERTIFICATE');
    expect((await put({ certificate: root, colour: 'red' })).body.code).toBe('UNKNOWN_FIELD');
    // A CSR of another key, signed by the same root.
    const otherCsr = file('other.csr');
    expect(
      (
        await openssl([
          'req',
          '-new',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          file('other.key'),
          '-subj',
          '/CN=other',
          '-out',
          otherCsr,
        ])
      ).status,
    ).toBe(0);
    const otherKey = await sign(otherCsr, 'root', CA_EXTENSIONS, 'other-key');
    expect(await put({ certificate: otherKey, chain: root })).toMatchObject({
      status: 400,
      body: { code: 'ISSUER_CERTIFICATE_KEY_MISMATCH' },
    });
    const leaf = await sign(csrFile, 'root', 'basicConstraints=critical,CA:FALSE\n', 'not-ca');
    expect(await put({ certificate: leaf, chain: root })).toMatchObject({
      status: 400,
      body: { code: 'ISSUER_CERTIFICATE_NOT_CA' },
    });
    const good = await sign(csrFile, 'root', CA_EXTENSIONS, 'intermediate');
    const wrongChain = readFileSync(file('other-root.pem'), 'utf8');
    expect(await put({ certificate: good, chain: wrongChain })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ISSUER_CHAIN' },
    });
    const listed = (await h.call('GET', '/pki/issuers', undefined, bearer(h))).body;
    expect(listed.find((i: { id: string }) => i.id === issuerId).status).toBe('pending');
  });

  it('takes the signed certificate and its chain; once active, its certificates verify up to the root, over mTLS and OCSP too', async () => {
    const good = readFileSync(file('intermediate.pem'), 'utf8');
    const root = readFileSync(file('root.pem'), 'utf8');
    const installed = await put({ certificate: good, chain: root });
    expect(installed).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(installed.body.chain).toContain(root.trim());
    expect((await put({ certificate: good, chain: root })).body.code).toBe('ISSUER_NOT_PENDING');
    expect((await h.call('POST', `/pki/issuers/${issuerId}/activate`, {}, bearer(h))).status).toBe(200);

    const bundle = (await h.call('GET', '/pki/ca')).text;
    writeFileSync(file('bundle.pem'), bundle);
    const client = await enrolClient(h, dir, 'under-root');
    const issuer = await openssl(['x509', '-in', client.certFile, '-noout', '-issuer']);
    expect(issuer.stdout).toContain(`certplane CA ${issuerId.slice(0, 8)}`);
    // Only the operator's root as trust anchor, the intermediate as the untrusted middle.
    const verified = await openssl([
      'verify',
      '-CAfile',
      file('root.pem'),
      '-untrusted',
      file('intermediate.pem'),
      client.certFile,
    ]);
    expect(verified.stdout).toContain(': OK');
    expect((await openssl(['verify', '-CAfile', file('bundle.pem'), client.certFile])).stdout).toContain(': OK');

    const own = await curl(`${h.tlsUrl}/clients/${clientIdOf(client.id)}`, {
      dir,
      cacert: file('bundle.pem'),
      cert: client.certFile,
      key: client.keyFile,
    });
    expect(own.status).toBe(200);

    const ocsp = await openssl([
      'ocsp',
      '-issuer',
      file('intermediate.pem'),
      '-CAfile',
      file('bundle.pem'),
      '-cert',
      client.certFile,
      '-url',
      `${h.url}/pki/ocsp`,
    ]);
    expect(ocsp.output).toContain('Response verify OK');
    expect(ocsp.stdout).toContain(': good');
  });
});
