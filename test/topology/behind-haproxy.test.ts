import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { callHttp } from '../support/http';
import { type BusNames, deleteStream, uniqueBusNames } from '../support/nats-admin';
import { ChildRun, deploymentEnv, freePort, minimalEnv, portAccepts } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testServices } from '../support/test-services';
import { waitUntil } from '../support/wait';

jest.setTimeout(90_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const entry = (app: 'api' | 'cert-issuer' | 'projector') => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/**
 * docker-compose.yml's topology as processes on loopback: Debian's haproxy in TCP mode with send-proxy-v2 (as
 * deploy/haproxy/haproxy.cfg) in front of two api processes, a cert-issuer and a projector. Callers come from
 * 127.0.0.2 and 127.0.0.3 (their sockets bound there); haproxy reaches the apis from 127.0.0.1, the one trusted
 * proxy address.
 */
describe('topology: two apis behind haproxy, the caller known from the PROXY header', () => {
  const children: ChildRun[] = [];
  let db: TestDatabase | undefined;
  let bus: BusNames;
  let token: string;
  let proxied: { http: number; https: number };
  let apis: { child: ChildRun; http: number; https: number }[];
  const explained = (fn: () => Promise<void>) => ChildRun.explainFailures(children, fn);

  beforeAll(async () => {
    if (!existsSync(entry('api'))) throw new Error(`${entry('api')} is missing: run \`npm run build\` first`);
    db = await createTestDatabase('haproxy');
    bus = uniqueBusNames();
    token = 'haproxy-token-' + randomBytes(16).toString('hex');
    const common = deploymentEnv(db.url, bus, token);
    const start = (name: string, app: 'api' | 'cert-issuer' | 'projector', extra: Record<string, string> = {}) => {
      const c = ChildRun.spawn(name, process.execPath, [entry(app)], { env: { ...common, ...extra }, cwd: ROOT });
      children.push(c);
      return c;
    };
    apis = [];
    for (const name of ['api-1', 'api-2']) {
      const [http, https] = [await freePort(), await freePort()];
      const child = start(name, 'api', {
        HOST: '127.0.0.1',
        PORT: String(http),
        CERTPLANE_TLS_PORT: String(https),
        CERTPLANE_TRUSTED_PROXIES: '127.0.0.1/32',
      });
      apis.push({ child, http, https });
    }
    start('cert-issuer', 'cert-issuer');
    start('projector', 'projector');
    proxied = { http: await freePort(), https: await freePort() };
    const config = join(mkdtempSync(join(tmpdir(), 'cp-haproxy-')), 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(proxied, apis));
    children.push(ChildRun.spawn('haproxy', 'haproxy', ['-db', '-f', config], { env: minimalEnv(), cwd: ROOT }));

    const context = () => ChildRun.describeAll(children);
    for (const { child, https } of apis)
      await waitUntil(
        `${child.name} to listen`,
        async () => ((await portAccepts(https)) ? true : undefined),
        40_000,
        context,
      );
    for (const role of ['cert-issuer', 'projector'])
      await waitUntil(
        `the ${role} to start`,
        async () =>
          children.some((c) => c.logLines().some((l) => l.msg === `certplane ${role} started`)) ? true : undefined,
        40_000,
        context,
      );
    await waitUntil('haproxy to listen', async () => ((await portAccepts(proxied.https)) ? true : undefined), 10_000);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop(10_000)));
    if (bus) await deleteStream(testServices().natsUrl, bus.streamName).catch(() => undefined);
    await db?.drop();
  });

  it('locks out the caller at 127.0.0.2 after 30 bad tokens, across both apis, and not the one at 127.0.0.3', () =>
    explained(async () => {
      const from = (address: string, bearer: string) =>
        get(proxied.http, '/clients', address, { authorization: `Bearer ${bearer}` });
      for (let i = 0; i < 30; i++) expect(await from('127.0.0.2', 'wrong-token-' + 'x'.repeat(20))).toBe(401);
      expect(await from('127.0.0.2', token)).toBe(429);
      expect(await from('127.0.0.3', token)).toBe(200);
      expect(await from('127.0.0.3', 'wrong-token-' + 'x'.repeat(20))).toBe(401);

      // Both replicas answered 127.0.0.2, and each logged it as the caller; none saw haproxy's own address.
      for (const { child } of apis) {
        const callers = child
          .logLines()
          .filter((l) => l.msg === 'request completed' && l.req?.url === '/clients')
          .map((l) => l.req.remoteAddress as string);
        expect(callers).toContain('127.0.0.2');
        expect(callers).not.toContain('127.0.0.1');
      }
    }));

  it('authenticates a client certificate through the proxy (curl --cert), the handshake run by the api', () =>
    explained(async () => {
      const base = `http://127.0.0.1:${proxied.http}`;
      const auth = { authorization: `Bearer ${token}` };
      const enrolled = await callHttp(base, 'POST', '/clientcontroller/enrol', {
        body: { name: 'behind-haproxy', topics: { insert: 'data' } },
        headers: auth,
      });
      expect(enrolled.status).toBe(200);
      const secret: string = enrolled.body.url;
      const details = await waitUntil(
        'details 200',
        async () => {
          const r = await callHttp(base, 'GET', `/informationservice/details/${secret}`);
          return r.status === 200 ? r.body : undefined;
        },
        20_000,
      );
      const dir = mkdtempSync(join(tmpdir(), 'cp-haproxy-mtls-'));
      const files = { cacert: join(dir, 'ca.crt'), cert: join(dir, 'client.crt'), key: join(dir, 'client.key') };
      writeFileSync(files.cacert, details.ca);
      writeFileSync(files.cert, details.cert);
      writeFileSync(files.key, details.key, { mode: 0o600 });
      const listed = await callHttp(base, 'GET', '/clients?name=behind-haproxy', { headers: auth });
      const clientId: string = listed.body.items[0].id;
      for (let i = 0; i < 2; i++) {
        const { stdout } = await run('curl', [
          ...['-sS', '--max-time', '20', '-w', '\n%{http_code}', '--interface', '127.0.0.3'],
          ...['--cacert', files.cacert, '--cert', files.cert, '--key', files.key],
          `https://127.0.0.1:${proxied.https}/clients/${clientId}`,
        ]);
        const [body, status] = stdout.split('\n');
        expect({ status, body: JSON.parse(body) }).toMatchObject({ status: '200', body: { id: clientId } });
      }
      // Authenticated by the certificate alone (no bearer token), and seen as coming from 127.0.0.3.
      // A request's line is written as its answer finishes, so the second may reach the pipe a moment after curl ends.
      const lines = await waitUntil(
        "both requests in the apis' logs",
        async () => {
          const found = apis.flatMap(({ child }) =>
            child.logLines().filter((l) => l.msg === 'request completed' && l.req?.url === `/clients/${clientId}`),
          );
          return found.length >= 2 ? found : undefined;
        },
        5_000,
      );
      expect(lines.map((l) => l.req.remoteAddress)).toEqual(['127.0.0.3', '127.0.0.3']);
    }));

  it('refuses a PROXY header sent straight to an api from an untrusted address, and a trusted peer without one', () =>
    explained(async () => {
      const api = apis[0];
      const forgedV1 = Buffer.concat([
        Buffer.from('PROXY TCP4 10.9.9.9 127.0.0.1 4000 80\r\n'),
        Buffer.from(`GET /clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`),
      ]);
      const forgedV2 = Buffer.concat([
        V2_SIGNATURE,
        Buffer.from([0x21, 0x11, 0, 12, 10, 9, 9, 9, 127, 0, 0, 1, 0, 1, 0, 2]),
      ]);
      expect(await exchange(api.http, '127.0.0.2', forgedV1)).toBe('');
      // On the HTTPS port it is refused before any TLS: the bytes after the header would be a ClientHello.
      expect(await exchange(api.https, '127.0.0.2', Buffer.concat([forgedV2, Buffer.from([0x16, 3, 1])]))).toBe('');
      // The proxy's own address must send one: otherwise every caller would be one address.
      expect(await exchange(api.http, '127.0.0.1', Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe('');
      // An untrusted caller without a header is a caller like any other.
      expect(
        await exchange(
          api.http,
          '127.0.0.3',
          Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        ),
      ).toMatch(/^HTTP\/1\.1 200 /);
      const refused = api.child.logLines().filter((l) => l.msg === 'connection refused');
      expect(refused).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ peer: '127.0.0.2', reason: 'PROXY header from an untrusted address' }),
          expect.objectContaining({ peer: '127.0.0.1', reason: 'PROXY header invalid: no PROXY protocol signature' }),
        ]),
      );
      expect(JSON.stringify(refused)).not.toContain(token);
    }));
});

function haproxyConfig(
  front: { http: number; https: number },
  apis: readonly { http: number; https: number }[],
): string {
  const servers = (port: 'http' | 'https') =>
    apis.map((a, i) => `  server api${i + 1} 127.0.0.1:${a[port]} send-proxy-v2`).join('\n');
  return `global
  maxconn 1000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend http
  bind 127.0.0.1:${front.http}
  default_backend apis_http
backend apis_http
  balance roundrobin
${servers('http')}
frontend https
  bind 127.0.0.1:${front.https}
  default_backend apis_https
backend apis_https
  balance roundrobin
${servers('https')}
`;
}

/** GET through a new connection from a given local address; resolves with the status. */
function get(port: number, path: string, localAddress: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes bytes on a new connection from localAddress; resolves with all it got back once the server closes it. */
function exchange(port: number, localAddress: string, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    socket.setTimeout(15_000, () => reject(new Error('the server neither answered nor closed')));
  });
}
