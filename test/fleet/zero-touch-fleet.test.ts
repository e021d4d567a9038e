import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { ChildRun, freePort } from '../support/processes';
import { pollUntil } from '../support/wait';
import { Deployment, Proc } from '../operability/deployment';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'certplane.js');
const sh = (script: string, cwd: string, env: Record<string, string> = {}) =>
  promisify(execFile)('sh', ['-ec', script], { cwd, env: { ...process.env, ...env } });

/**
 * Issue #17's done-when, against separate api, cert-issuer and projector processes built from dist/
 * on real PostgreSQL and NATS JetStream, with the device side as its users run it: the certplane CLI
 * as its own process, curl and openssl.
 */
describe('zero-touch fleet: token → certplane enrol → EST with curl → certplane agent renewing a 5-minute certificate', () => {
  let d: Deployment;
  let api: Proc;
  let pg: PgClient;
  let tlsUrl: string;
  let dir: string;
  const runs: ChildRun[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js')))
      throw new Error('the CLI is not built: run `node scripts/build.js` first');
    d = await Deployment.create('fleet', { CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '50' });
    const tlsPort = await freePort();
    api = await d.start('api', 'api', { CERTPLANE_TLS_PORT: String(tlsPort) });
    // The api migrated; the workers find the schema in place and start side by side.
    await Promise.all([d.start('cert-issuer', 'cert-issuer'), d.start('projector', 'projector')]);
    tlsUrl = `https://127.0.0.1:${tlsPort}`;
    pg = new PgClient({ connectionString: d.db.url });
    await pg.connect();
    dir = mkdtempSync(join(tmpdir(), 'cp-fleet-'));
    writeFileSync(join(dir, 'trusted-ca.pem'), (await api.call('GET', '/pki/ca')).text);
  });
  afterAll(async () => {
    await Promise.all(runs.map((r) => r.stop(5_000)));
    await pg?.end().catch(() => undefined);
    await d?.stop();
  });

  const explained = <T>(fn: () => Promise<T>) => ChildRun.explainFailures([...d.procs.map((p) => p.run), ...runs], fn);
  const token = async (grant: object): Promise<string> => {
    const created = await api.call('POST', '/enrolment-tokens', { body: grant, headers: d.bearer() });
    expect(created.status).toBe(201);
    return created.body.token;
  };
  const cli = (name: string, args: string[]) => {
    const run = ChildRun.spawn(name, process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      cwd: dir,
    });
    runs.push(run);
    return run;
  };
  const crlText = async () => {
    const crl = await api.call('GET', '/pki/crl', { headers: { accept: 'application/x-pem-file' } });
    writeFileSync(join(dir, 'crl.pem'), crl.text);
    return (await sh('openssl crl -in crl.pem -noout -text', dir)).stdout;
  };
  /** openssl and the agent spell a serial in other cases; its value is what they share. */
  const serialValue = (hex: string) => BigInt(`0x${hex}`);
  /** The CRL's entries as `openssl crl -text` shows them: serial value → reason. */
  const crlEntries = (text: string) =>
    new Map(
      [
        ...text.matchAll(
          /Serial Number: ([0-9A-F]+)\s+Revocation Date: [^\n]+\n\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+(\w[\w ]*\w)/g,
        ),
      ].map((m) => [serialValue(m[1]), m[2]]),
    );
  const serialOf = async (file: string) =>
    (await sh(`openssl x509 -in ${file} -noout -serial`, dir)).stdout.trim().replace(/^serial=/, '');

  it('enrols, refuses the token again, enrols over EST with curl, then renews twice on its own, runs its hook, and the superseded certificates are in the CRL', () =>
    explained(async () => {
      // An operator makes a one-use token for a 5-minute certificate; certplane enrol uses it.
      const once = await token({ name: 'edge-1', validity: '5m' });
      const enrol = cli('enrol', [
        'enrol',
        '--url',
        tlsUrl,
        '--cacert',
        'trusted-ca.pem',
        '--token',
        once,
        '--out',
        'edge',
      ]);
      expect(await enrol.waitForExit(30_000)).toEqual({ code: 0, signal: null });
      expect(enrol.stdout).toMatch(/^enrolled as edge-1 \(id [0-9a-f]{32}\)/);
      expect((await sh('openssl verify -CAfile edge/ca.crt -purpose sslclient edge/edge-1.crt', dir)).stdout).toBe(
        'edge/edge-1.crt: OK\n',
      );
      expect(statSync(join(dir, 'edge', 'edge-1.key')).mode & 0o777).toBe(0o600);
      // The key never left the device: the certificate is for the key on disk, and certplane holds none for the client.
      const { stdout: certKey } = await sh('openssl x509 -in edge/edge-1.crt -noout -pubkey', dir);
      expect((await sh('openssl pkey -in edge/edge-1.key -pubout', dir)).stdout).toBe(certKey);
      const clientId = /\(id ([0-9a-f]{32})\)/.exec(enrol.stdout)![1];
      expect(
        (await pg.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [clientId])).rows[0].n,
      ).toBe(0);
      const { stdout: dates } = await sh('openssl x509 -in edge/edge-1.crt -noout -enddate', dir);
      expect(
        Math.abs(new Date(dates.trim().replace(/^notAfter=/, '')).getTime() - Date.now() - 5 * 60_000),
      ).toBeLessThan(60_000);

      // A second use of the one-use token is refused, and writes nothing.
      const again = cli('enrol again', [
        'enrol',
        '--url',
        tlsUrl,
        '--cacert',
        'trusted-ca.pem',
        '--token',
        once,
        '--out',
        'edge-again',
      ]);
      expect((await again.waitForExit(30_000)).code).toBe(1);
      expect(again.stderr).toContain('ENROLMENT_TOKEN_USED_UP');
      expect(existsSync(join(dir, 'edge-again'))).toBe(false);

      // EST simpleenroll as RFC 7030's examples do it: openssl makes the key and CSR, curl sends it with the token as the Basic password.
      const estToken = await token({ name: 'est-1' });
      await sh(
        `openssl ecparam -name prime256v1 -genkey -noout -out est-1.key
openssl req -new -key est-1.key -subj /CN=est-1 -outform DER | openssl base64 > est-1.csr.b64
curl -sS --fail --cacert trusted-ca.pem -u "est-1:$EST_TOKEN" -H 'Content-Type: application/pkcs10' --data-binary @est-1.csr.b64 ${tlsUrl}/.well-known/est/simpleenroll -o est-1.p7.b64
openssl base64 -d -in est-1.p7.b64 | openssl pkcs7 -inform DER -print_certs -out est-1.crt`,
        dir,
        { EST_TOKEN: estToken },
      );
      expect((await sh('openssl verify -CAfile trusted-ca.pem -purpose sslclient est-1.crt', dir)).stdout).toBe(
        'est-1.crt: OK\n',
      );

      // The agent, as its own process, with a renewal point just past half of the (backdated) lifetime: two renewals within a minute.
      const first = await serialOf('edge/edge-1.crt');
      const hook = 'echo "renewed $CERTPLANE_CERT_FILE $CERTPLANE_KEY_FILE $CERTPLANE_CA_FILE" >> hook.log';
      const agent = cli('agent', [
        'agent',
        '--url',
        tlsUrl,
        '--cacert',
        'edge/ca.crt',
        '--cert',
        'edge/edge-1.crt',
        '--key',
        'edge/edge-1.key',
        '--renew-at',
        '0.53',
        '--exec',
        hook,
      ]);
      const renewals = () =>
        existsSync(join(dir, 'hook.log')) ? readFileSync(join(dir, 'hook.log'), 'utf8').trim().split('\n') : [];
      await pollUntil(
        'two renewals by the agent',
        async () => {
          if (!agent.running) throw new Error('the agent exited');
          return renewals().length >= 2 ? true : undefined;
        },
        { timeoutMs: 120_000, everyMs: 200, context: () => agent.describe() },
      );
      agent.proc.kill('SIGTERM');
      expect(await agent.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      expect(renewals().slice(0, 2)).toEqual(Array(2).fill('renewed edge/edge-1.crt edge/edge-1.key edge/ca.crt'));
      expect(agent.stdout.match(/certplane agent: renewed: certificate [0-9a-f]+ valid until /g)).toHaveLength(
        renewals().length,
      );
      expect(statSync(join(dir, 'edge', 'edge-1.key')).mode & 0o777).toBe(0o600);
      expect((await sh('openssl verify -CAfile edge/ca.crt -purpose sslclient edge/edge-1.crt', dir)).stdout).toBe(
        'edge/edge-1.crt: OK\n',
      );
      expect((await sh('openssl x509 -in edge/edge-1.crt -noout -pubkey', dir)).stdout).toBe(
        (await sh('openssl pkey -in edge/edge-1.key -pubout', dir)).stdout,
      );
      expect((await sh('openssl x509 -in edge/edge-1.crt -noout -pubkey', dir)).stdout).not.toBe(certKey);
      const current = await serialOf('edge/edge-1.crt');

      // Each certificate the agent replaced is revoked as superseded; the one it holds now is not. The agent
      // names each certificate it renewed to (two renewals can come a few ms apart, faster than the file can be read).
      const held = [
        first,
        ...[...agent.stdout.matchAll(/renewed: certificate ([0-9a-f]+) valid until/g)].map((m) => m[1]),
      ];
      const superseded = held.map(serialValue).filter((s) => s !== serialValue(current));
      expect(superseded.length).toBeGreaterThanOrEqual(2);
      const entries = await pollUntil(
        'the superseded certificates in the CRL',
        async () => {
          const revokedNow = crlEntries(await crlText());
          return superseded.every((s) => revokedNow.has(s)) ? revokedNow : undefined;
        },
        { timeoutMs: 20_000, everyMs: 500 },
      );
      for (const s of superseded) expect(entries.get(s)).toBe('Superseded');
      expect(entries.has(serialValue(current))).toBe(false);

      // Revoked: the agent stops at once with exit 4 and says why, rather than loop.
      const revoked = await api.call('POST', `/certificates/${current.toLowerCase()}/revoke`, {
        body: { reason: 'keyCompromise' },
        headers: d.bearer(),
      });
      expect(revoked.status).toBe(200);
      await pollUntil(
        'the revocation in the CRL',
        async () => ((await crlText()).includes(`Serial Number: ${current}`) ? true : undefined),
        { timeoutMs: 20_000, everyMs: 300 },
      );
      const stopped = cli('agent on a revoked certificate', [
        'agent',
        '--url',
        tlsUrl,
        '--cacert',
        'edge/ca.crt',
        '--cert',
        'edge/edge-1.crt',
        '--key',
        'edge/edge-1.key',
        '--force',
      ]);
      expect(await stopped.waitForExit(30_000)).toEqual({ code: 4, signal: null });
      expect(stopped.stderr).toMatch(
        /no longer accepts this certificate: the client certificate is not accepted: it has been revoked \(keyCompromise\) \(CERTIFICATE_REJECTED\); enrol again/,
      );
    }));
});
