import { spawn } from 'node:child_process';
import { KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoSigningWith, x509 } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { runCli } from '../../apps/cli/src/run-cli';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { freePort } from '../support/processes';
import { openssl } from './relying-party';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

const BIN = join(__dirname, '..', '..', 'bin', 'certplane.js');
const COMPILED = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

describe('operator CLI: certplane create-api-certificate (against a running certplane)', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    h = await startCertplane();
    dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** runCli in this process, its output captured. */
  const cli = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      env,
      out: { write: (t: string) => (out += t) },
      err: { write: (t: string) => (err += t) },
    });
    return { code, out, err };
  };

  it('writes <name>.crt, <name>.key (0600, made locally) and cluster.crt, which verify against the CA and belong together', async () => {
    const out = join(dir, 'ops');
    const run = await cli(['create-api-certificate', 'ops', '--out', out, '--url', h.url, '--token', h.token]);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^created client ops \(id [0-9a-f]{32}\)\n/);
    // The key was made here and only a CSR went to certplane, which holds no key for this client.
    expect(run.out).toContain('(mode 0600, made here)');
    const id = /\(id ([0-9a-f]{32})\)/.exec(run.out)![1];
    const [held] = await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [id]);
    expect(held.n).toBe(0);

    expect(statSync(join(out, 'ops.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'ops.crt')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(out, 'cluster.crt'), 'utf8')).toBe((await h.call('GET', '/pki/ca')).text);
    const verified = await openssl([
      'verify',
      '-CAfile',
      join(out, 'cluster.crt'),
      '-purpose',
      'sslclient',
      join(out, 'ops.crt'),
    ]);
    expect(verified.stdout).toContain('ops.crt: OK');
    const certKey = await openssl(['x509', '-in', join(out, 'ops.crt'), '-noout', '-pubkey']);
    const keyKey = await openssl(['pkey', '-in', join(out, 'ops.key'), '-pubout']);
    expect(certKey.stdout).toBe(keyKey.stdout);
    expect(new X509Certificate(readFileSync(join(out, 'ops.crt'))).subject).toContain('CN=user-ops');
  });

  it('produces files a real mutual-TLS handshake accepts, with a server that trusts cluster.crt', async () => {
    const out = join(dir, 'tls');
    expect(
      (
        await cli(['create-api-certificate', 'tls-client', '--out', out, '--url', h.url], {
          CERTPLANE_API_TOKEN: h.token,
        })
      ).code,
    ).toBe(0);
    const server = await mtlsServer(h, readFileSync(join(out, 'cluster.crt')));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: (server.address() as AddressInfo).port,
            ca: readFileSync(join(out, 'cluster.crt')),
            cert: readFileSync(join(out, 'tls-client.crt')),
            key: readFileSync(join(out, 'tls-client.key')),
          },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d)).on('end', () => resolve(body));
          },
        );
        req.on('error', reject).end();
      });
      expect(answer).toBe('hello CN=user-tls-client');
    } finally {
      server.close();
    }
  });

  it("works against certplane's own HTTPS listener with --cacert (or CERTPLANE_CACERT) naming certplane's CA chain", async () => {
    expect(h.tlsUrl).toBeDefined();
    const tlsUrl = h.tlsUrl!;
    const chain = join(dir, 'trusted-chain.crt');
    writeFileSync(chain, (await h.call('GET', '/pki/ca')).text);

    const untrusted = await cli([
      'create-api-certificate',
      'over-tls',
      '--out',
      join(dir, 'untrusted'),
      '--url',
      tlsUrl,
      '--token',
      h.token,
    ]);
    expect(untrusted.code).toBe(3);
    expect(untrusted.err).toMatch(/its server certificate is not trusted \(\w+\); pass its CA chain with --cacert/);
    expect(existsSync(join(dir, 'untrusted'))).toBe(false);

    const out = join(dir, 'over-tls');
    const run = await cli([
      'create-api-certificate',
      'over-tls',
      '--out',
      out,
      '--url',
      tlsUrl,
      '--token',
      h.token,
      '--cacert',
      chain,
    ]);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(
      (await openssl(['verify', '-CAfile', join(out, 'cluster.crt'), join(out, 'over-tls.crt')])).stdout,
    ).toContain(': OK');

    const byEnv = await cli(['create-api-certificate', 'over-tls-env', '--out', out, '--url', tlsUrl], {
      CERTPLANE_API_TOKEN: h.token,
      CERTPLANE_CACERT: chain,
    });
    expect(byEnv).toMatchObject({ code: 0, err: '' });

    const missing = await cli([
      'create-api-certificate',
      'x',
      '--url',
      tlsUrl,
      '--token',
      h.token,
      '--cacert',
      join(dir, 'no-such.crt'),
    ]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('cannot read --cacert') });
    const notPem = await cli([
      'create-api-certificate',
      'x',
      '--url',
      tlsUrl,
      '--token',
      h.token,
      '--cacert',
      join(out, 'over-tls.key'),
    ]);
    expect(notPem).toMatchObject({ code: 2, err: expect.stringContaining('holds no PEM certificate') });
  });

  it('keeps an identical cluster.crt, and refuses, before enrolling anyone, to overwrite a key or another CA', async () => {
    const out = join(dir, 'shared');
    const args = (name: string) => ['create-api-certificate', name, '--out', out, '--url', h.url, '--token', h.token];
    expect((await cli(args('first'))).code).toBe(0);
    expect((await cli(args('second'))).code).toBe(0);

    writeFileSync(join(out, 'third.key'), 'mine');
    const refused = await cli(args('third'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/third\.key already exists; not overwriting it/);
    expect(readFileSync(join(out, 'third.key'), 'utf8')).toBe('mine');
    const [row] = await h.ds.query(`SELECT count(*)::int AS n FROM client_registry WHERE name = 'third'`);
    expect(row.n).toBe(0);

    const elsewhere = join(dir, 'other-ca');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'cluster.crt'), 'another CA');
    const otherCa = await cli([
      'create-api-certificate',
      'fourth',
      '--out',
      elsewhere,
      '--url',
      h.url,
      '--token',
      h.token,
    ]);
    expect(otherCa.code).toBe(1);
    expect(otherCa.err).toMatch(/cluster\.crt already exists and holds another CA chain/);
    const [fourth] = await h.ds.query(`SELECT count(*)::int AS n FROM client_registry WHERE name = 'fourth'`);
    expect(fourth.n).toBe(0);
  });

  it('prints its usage on help, --help and -h (exit 0)', async () => {
    for (const argv of [['help'], ['--help']])
      expect(await cli(argv)).toEqual({
        code: 0,
        out: expect.stringMatching(/^Usage: certplane <verb>[^]*\n  create-api-certificate <name> /),
        err: '',
      });
    for (const argv of [
      ['help', 'create-api-certificate'],
      ['create-api-certificate', '-h'],
    ]) {
      expect(await cli(argv)).toEqual({
        code: 0,
        out: expect.stringMatching(/^Usage: certplane create-api-certificate <name>/),
        err: '',
      });
    }
  });

  it.each([
    ['no arguments', [], {}, 2, /Usage: certplane <verb>[^]*create-api-certificate <name>/],
    ['an unknown command', ['make-coffee'], { CERTPLANE_API_TOKEN: 'x' }, 2, /unknown command "make-coffee"/],
    ['no token', ['create-api-certificate', 'x'], {}, 2, /no API token: pass --token or set CERTPLANE_API_TOKEN/],
    [
      'a bad --url',
      ['create-api-certificate', 'x', '--url', 'ftp://x', '--token', 't'],
      {},
      2,
      /--url must be http:\/\/ or https:\/\//,
    ],
    [
      'an unknown option',
      ['create-api-certificate', 'x', '--colour'],
      {},
      2,
      /unknown flag --colour\n\nUsage: certplane create-api-certificate <name> \[flags\]/,
    ],
  ])('exits 2 with a clear message on %s', async (_what, argv, env, code, message) => {
    const run = await cli(argv as string[], env as NodeJS.ProcessEnv);
    expect(run.code).toBe(code);
    expect(run.err).toMatch(message as RegExp);
  });

  it('says the token was refused (exit 1), or that certplane cannot be reached (exit 3)', async () => {
    const refused = await cli([
      'create-api-certificate',
      'x',
      '--out',
      join(dir, 'x'),
      '--url',
      h.url,
      '--token',
      'wrong-token-wrong-token',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`certplane: the API token was refused by certplane at ${h.url} (401)`);

    const nobody = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await cli([
      'create-api-certificate',
      'x',
      '--out',
      join(dir, 'x'),
      '--url',
      nobody,
      '--token',
      h.token,
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.err).toContain(`certplane: cannot reach certplane at ${nobody} (ECONNREFUSED)`);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it("passes on certplane's own refusal, e.g. a name already taken (exit 1)", async () => {
    expect(
      (await h.call('POST', '/clientcontroller/enrol', { name: 'taken', topics: { a: 'b' } }, bearer(h))).status,
    ).toBe(200);
    const run = await cli([
      'create-api-certificate',
      'taken',
      '--out',
      join(dir, 'taken'),
      '--url',
      h.url,
      '--token',
      h.token,
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/certplane at .* refused: .*\(CLIENT_ALREADY_EXISTS\)/);
  });

  it('runs as `certplane` through bin/certplane.js (the compiled CLI)', async () => {
    if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run \`npm run build\` before the CLI tests`);
    const out = join(dir, 'bin');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'create-api-certificate', 'from-bin', '--out', out, '--url', h.url], {
        env: { PATH: process.env.PATH ?? '', CERTPLANE_API_TOKEN: h.token },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject).on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(statSync(join(out, 'from-bin.key')).mode & 0o777).toBe(0o600);
    expect(
      (await openssl(['verify', '-CAfile', join(out, 'cluster.crt'), join(out, 'from-bin.crt')])).stdout,
    ).toContain(': OK');
  });
});

/**
 * An HTTPS server standing in for the mTLS side of issue 5: a serverAuth certificate for 127.0.0.1 from the
 * same CA, client certificates required and checked against `clientCa`. It greets the client by subject.
 */
async function mtlsServer(h: Harness, clientCa: Buffer): Promise<Server> {
  const ca = await h.app.get(CertificateAuthorityStore).get();
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '01a2b3c4d5e6f708',
      subject: 'CN=127.0.0.1',
      issuer: ca.certificate.subjectName,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
      publicKey: keys.publicKey,
      signingKey: ca.publicKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      ],
    },
    cryptoSigningWith(ca.signer),
  );
  const server = createServer(
    {
      cert: cert.toString('pem'),
      key: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }),
      ca: clientCa,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.end(`hello CN=${peer.subject.CN}`);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
