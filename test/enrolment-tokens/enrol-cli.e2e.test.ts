import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../apps/cli/src/run-cli';
import { Harness, startCertplane } from '../support/certplane-harness';
import { openssl } from '../pki/relying-party';
import { tokenApi } from './enrolment-token-fixtures';

describe('device CLI: certplane enrol with an enrolment token (over HTTPS, against a running certplane)', () => {
  let h: Harness;
  let api: ReturnType<typeof tokenApi>;
  let dir: string;
  let cacert: string;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '50' } });
    api = tokenApi(h);
    dir = mkdtempSync(join(tmpdir(), 'cp-enrol-cli-'));
    cacert = join(dir, 'trusted-ca.pem');
    writeFileSync(cacert, (await h.call('GET', '/pki/ca')).text);
  });
  afterAll(() => h.stop());

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
  const enrol = (token: string, out: string, ...extra: string[]) =>
    cli(['enrol', '--url', h.tlsUrl!, '--cacert', cacert, '--token', token, '--out', out, ...extra]);

  it('makes the key here (0600), sends only a CSR, and writes <name>.crt, <name>.key and ca.crt that verify and belong together', async () => {
    const { body: t } = await api.create({ namePattern: 'sensor-*' });
    const out = join(dir, 'sensor');
    const run = await enrol(t.token, out, '--name', 'sensor-5');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^enrolled as sensor-5 \(id [0-9a-f]{32}\)\n/);
    expect(run.out).not.toContain(t.token);
    expect(readdirSync(out).sort()).toEqual(['ca.crt', 'sensor-5.crt', 'sensor-5.key']);
    expect(statSync(join(out, 'sensor-5.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'ca.crt'), 'utf8')).toBe(readFileSync(cacert, 'utf8'));
    expect(
      (await openssl(['verify', '-CAfile', join(out, 'ca.crt'), '-purpose', 'sslclient', join(out, 'sensor-5.crt')]))
        .stdout,
    ).toContain('sensor-5.crt: OK');
    const certKey = await openssl(['x509', '-in', join(out, 'sensor-5.crt'), '-noout', '-pubkey']);
    expect(certKey.stdout).toBe((await openssl(['pkey', '-in', join(out, 'sensor-5.key'), '-pubout'])).stdout);
    const id = /\(id ([0-9a-f]{32})\)/.exec(run.out)![1];
    const [held] = await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [id]);
    expect(held.n).toBe(0);
  });

  it('takes the name from a fixed-name token, and the token from $CERTPLANE_ENROLMENT_TOKEN', async () => {
    const { body: t } = await api.create({ name: 'gateway-1' });
    const out = join(dir, 'gateway');
    const run = await cli(['enrol', '--url', h.tlsUrl!, '--cacert', cacert, '--out', out], {
      CERTPLANE_ENROLMENT_TOKEN: t.token,
    });
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(readdirSync(out).sort()).toEqual(['ca.crt', 'gateway-1.crt', 'gateway-1.key']);
  });

  it('says why a token is refused (exit 1), writes nothing, and never prints the token', async () => {
    const { body: t } = await api.create({ name: 'once-only' });
    expect((await enrol(t.token, join(dir, 'first'))).code).toBe(0);
    const out = join(dir, 'second');
    const run = await enrol(t.token, out);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^certplane: certplane at .* refused: the enrolment token has no uses left \(ENROLMENT_TOKEN_USED_UP\)\n$/,
    );
    expect(run.err).not.toContain(t.token);
    expect(() => readdirSync(out)).toThrow();
  });

  it('refuses before spending the token when a file is in the way, and without a token at all', async () => {
    const { body: t } = await api.create({ name: 'in-the-way' });
    const out = join(dir, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'in-the-way.key'), 'mine');
    const run = await enrol(t.token, out, '--name', 'in-the-way');
    expect(run.code).toBe(1);
    expect(run.err).toContain('already exists; not overwriting it');
    expect((await api.list()).body.find((x: { id: string }) => x.id === t.id)).toMatchObject({ usesLeft: 1 });
    expect((await cli(['enrol', '--url', h.tlsUrl!, '--out', out])).code).toBe(2);
  });

  it('agent --once: leaves a certificate that is not due alone; --force --once renews it now; an unreachable certplane is exit 3', async () => {
    const { body: t } = await api.create({ name: 'agent-once', validity: '1h' });
    const out = join(dir, 'agent-once');
    expect((await enrol(t.token, out)).code).toBe(0);
    const files = [
      '--cacert',
      join(out, 'ca.crt'),
      '--cert',
      join(out, 'agent-once.crt'),
      '--key',
      join(out, 'agent-once.key'),
    ];
    const before = readFileSync(join(out, 'agent-once.crt'), 'utf8');
    const notDue = await cli(['agent', '--url', h.tlsUrl!, ...files, '--once']);
    expect(notDue).toMatchObject({ code: 0, err: '' });
    expect(notDue.out).toMatch(/certplane agent: certificate [0-9a-f]+ is not due for renewal until \S+\n$/);
    expect(readFileSync(join(out, 'agent-once.crt'), 'utf8')).toBe(before);

    const forced = await cli([
      'agent',
      '--url',
      h.tlsUrl!,
      ...files,
      '--once',
      '--force',
      '--exec',
      `test -r "$CERTPLANE_KEY_FILE" && echo "$CERTPLANE_CERT_FILE" > ${join(out, 'hook.out')}`,
    ]);
    expect(forced).toMatchObject({ code: 0, err: '' });
    expect(forced.out.match(/renewed: certificate/g)).toHaveLength(1);
    expect(readFileSync(join(out, 'agent-once.crt'), 'utf8')).not.toBe(before);
    expect(readFileSync(join(out, 'hook.out'), 'utf8')).toBe(`${join(out, 'agent-once.crt')}\n`);
    expect(readdirSync(out).sort()).toEqual(['agent-once.crt', 'agent-once.key', 'ca.crt', 'hook.out']);
    expect(statSync(join(out, 'agent-once.key')).mode & 0o777).toBe(0o600);

    const unreachable = await cli(['agent', '--url', 'https://127.0.0.1:9', ...files, '--once', '--force']);
    expect(unreachable.code).toBe(3);
    expect(
      unreachable.out.match(
        /cannot reach certplane at https:\/\/127\.0\.0\.1:9\/ \(ECONNREFUSED\); retrying in \d+ s/g,
      ),
    ).toHaveLength(4);
    expect(unreachable.err).toMatch(/^certplane: cannot reach certplane/);
  });

  it('agent refuses a wrong command line with exit 2', async () => {
    expect((await cli(['agent', '--url', h.tlsUrl!, '--cert', 'x'])).code).toBe(2);
    expect((await cli(['agent', '--url', h.url, '--cacert', cacert, '--cert', 'x', '--key', 'y'])).code).toBe(2);
    expect(
      (await cli(['agent', '--url', h.tlsUrl!, '--cacert', cacert, '--cert', 'x', '--key', 'y', '--renew-at', '1.5']))
        .code,
    ).toBe(2);
  });
});
