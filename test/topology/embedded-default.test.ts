import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { callHttp } from '../support/http';
import { ChildRun, freePort, minimalEnv } from '../support/processes';
import { waitUntil } from '../support/wait';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * The zero-configuration default: `node dist/apps/api/src/all-in-one.main.js` with nothing set
 * runs on embedded PGlite and the in-process bus, keeps its state under ./data, and survives a
 * restart with the same CA and token.
 */
const ENTRY = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'all-in-one.main.js');

describe('topology: the embedded all-in-one default with no configuration', () => {
  let dir: string;
  const runs: ChildRun[] = [];

  const explained = (fn: () => Promise<void>) => ChildRun.explainFailures(runs, fn);

  /** A clean environment: only PATH, HOME and the two ports (HTTP and HTTPS); cwd is the fresh dir. */
  const start = async () => {
    // Never two processes on one data dir, even when an earlier test failed half-way.
    await Promise.all(runs.map((r) => r.stop(10_000)));
    const port = await freePort();
    const tlsPort = await freePort();
    const c = ChildRun.spawn(`all-in-one #${runs.length + 1}`, process.execPath, [ENTRY], {
      env: { ...minimalEnv(), PORT: String(port), CERTPLANE_TLS_PORT: String(tlsPort) },
      cwd: dir,
    });
    runs.push(c);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(
      'the all-in-one process to answer',
      async () => {
        if (!c.running) throw new Error(`the all-in-one process exited during start-up\n${c.describe()}`);
        const r = await fetch(`${url}/informationservice/details/${'0'.repeat(32)}`).catch(() => undefined);
        return r?.status === 404 ? true : undefined;
      },
      60_000,
      () => c.describe(),
    );
    return { c, port, tlsPort, url };
  };

  // A hung server fails the test with a reason instead of running into the test timeout.
  const call = (url: string, token: string | undefined, method: string, path: string, body?: unknown) =>
    callHttp(url, method, path, {
      body,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      timeoutMs: 20_000,
    });

  const details = (url: string, id: string) =>
    waitUntil(
      `details of ${id}`,
      async () => {
        const r = await call(url, undefined, 'GET', `/informationservice/details/${id}`);
        return r.status === 200 ? r.body : undefined;
      },
      20_000,
    );

  beforeAll(() => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` before the topology tests`);
    dir = mkdtempSync(join(tmpdir(), 'cp-embedded-'));
  });
  afterAll(async () => {
    await Promise.all(runs.map((c) => c.stop(10_000)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let firstCa: string;
  let token: string;

  it('starts, prints its URL and a generated token kept in ./data/api-token (0600), enrols, answers details, leaves, and stops with exit 0 on SIGTERM', () =>
    explained(async () => {
      const { c, port, tlsPort, url } = await start();
      await waitUntil('the announcement', async () => (/API token/.test(c.stdout) ? true : undefined), 5_000);
      // HOST defaults to 0.0.0.0: the banner names the address the listeners are bound to.
      expect(c.stdout).toContain(
        `certplane is running at http://localhost:${port} (listening on 0.0.0.0:${port} and 0.0.0.0:${tlsPort}, every interface`,
      );
      expect(c.stdout).toContain(`HTTPS with client certificates at https://localhost:${tlsPort}`);
      const tokenLine = /^API token \(generated now[^)]*\): (\S+)$/m.exec(c.stdout);
      expect(tokenLine).not.toBeNull();
      token = tokenLine![1];

      const tokenFile = join(dir, 'data', 'api-token');
      expect(existsSync(tokenFile)).toBe(true);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
      expect(existsSync(join(dir, 'data', 'pglite'))).toBe(true);

      expect(
        (
          await call(url, 'wrong-token-of-some-length', 'POST', '/clientcontroller/enrol', {
            name: 'embedded',
            topics: { insert: 'data' },
          })
        ).status,
      ).toBe(401);
      const enrolled = await call(url, token, 'POST', '/clientcontroller/enrol', {
        name: 'embedded',
        topics: { insert: 'data' },
      });
      expect(enrolled.status).toBe(200);
      const d = await details(url, enrolled.body.url);
      expect(d).toMatchObject({ name: 'embedded', topics: { insert: 'data' } });
      expect(d.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(d.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      firstCa = d.ca;

      // Concurrent requests share the one embedded database: all of them go through, none fails on the way.
      const burst = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(url, token, 'POST', '/clientcontroller/enrol', { name: `burst-${i}`, topics: { insert: 'data' } }),
        ),
      );
      expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
      const burstDetails = await Promise.all(burst.map((r) => details(url, r.body.url)));
      for (const b of burstDetails) expect(b.ca).toBe(firstCa);
      expect(c.logLines().filter((l) => l.level >= 40)).toEqual([]);

      expect((await call(url, token, 'POST', '/clientcontroller/leave', { name: 'embedded' })).status).toBe(200);
      expect((await call(url, undefined, 'GET', `/informationservice/details/${enrolled.body.url}`)).status).toBe(404);

      c.proc.kill('SIGTERM');
      const exit = await c.waitForExit(15_000);
      expect(exit).toEqual({ code: 0, signal: null });
    }));

  it('restarts in the same directory with the same CA and token, and does not print the token again', () =>
    explained(async () => {
      expect(token).toBeDefined();
      const { c, url } = await start();
      await waitUntil('the announcement', async () => (/API token/.test(c.stdout) ? true : undefined), 5_000);
      expect(c.stdout).toContain('API token: cat ./data/api-token');
      expect(c.stdout).not.toContain('generated now');
      expect(c.stdout).not.toContain(token);

      const enrolled = await call(url, token, 'POST', '/clientcontroller/enrol', {
        name: 'after-restart',
        topics: { insert: 'data' },
      });
      expect(enrolled.status).toBe(200);
      const d = await details(url, enrolled.body.url);
      expect(d.ca).toBe(firstCa);
      expect(d.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      // The name left before the restart is free again, the state survived.
      expect(
        (await call(url, token, 'POST', '/clientcontroller/enrol', { name: 'embedded', topics: { insert: 'data' } }))
          .status,
      ).toBe(200);

      c.proc.kill('SIGTERM');
      expect(await c.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    }));

  it('keeps the embedded database off the network (its socket in the 0700 data dir) and its files owner-only, those left readable before included', () =>
    explained(async () => {
      const data = join(dir, 'data');
      const pglite = join(data, 'pglite');
      // What an earlier run under a usual umask left behind.
      chmodSync(data, 0o755);
      for (const path of tree(pglite)) chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o666);
      const { c, port, tlsPort, url } = await start();
      await waitUntil('the announcement', async () => (/API token/.test(c.stdout) ? true : undefined), 5_000);
      const token = readFileSync(join(data, 'api-token'), 'utf8').trim();
      // Written after start, with the process umask.
      expect(
        (await call(url, token, 'POST', '/clientcontroller/enrol', { name: 'owner-only', topics: { insert: 'data' } }))
          .status,
      ).toBe(200);

      // TCP: the two HTTP listeners and nothing else, and neither of them speaks Postgres.
      const ports = listeningTcpPorts(c.proc.pid!);
      for (const p of ports)
        expect({ port: p, runsSql: await runsSql({ host: '127.0.0.1', port: p }) }).toEqual({
          port: p,
          runsSql: false,
        });
      expect(ports.sort()).toEqual([port, tlsPort].sort());
      // The unix socket is in the data dir, which only this user may enter.
      expect(statSync(join(data, '.s.PGSQL.5432')).isSocket()).toBe(true);
      expect(statSync(data).mode & 0o777).toBe(0o700);
      expect(await runsSql({ host: data })).toBe(true);

      expect(statSync(pglite).mode & 0o777).toBe(0o700);

      c.proc.kill('SIGTERM');
      expect(await c.waitForExit(15_000)).toEqual({ code: 0, signal: null });
      const modes = tree(pglite).map((path) => ({ path, mode: (statSync(path).mode & 0o777).toString(8) }));
      expect(modes.length).toBeGreaterThan(10);
      expect(modes.filter(({ path, mode }) => mode !== (statSync(path).isDirectory() ? '700' : '600'))).toEqual([]);
      expect(existsSync(join(data, '.s.PGSQL.5432'))).toBe(false);
    }));
});

/** Every file and directory under root, root included. */
function tree(root: string): string[] {
  return [root, ...readdirSync(root, { recursive: true, encoding: 'utf8' }).map((entry) => join(root, entry))];
}

/** The TCP ports a process listens on, from its socket fds and /proc/net/tcp{,6}. */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter(
          (x): x is string => x !== undefined,
        );
      } catch {
        return [];
      }
    }),
  );
  const rows = ['tcp', 'tcp6'].flatMap((f) =>
    readFileSync(`/proc/${pid}/net/${f}`, 'utf8').trim().split('\n').slice(1),
  );
  const listening = rows
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && inodes.has(cols[9]));
  return [...new Set(listening.map((cols) => parseInt(cols[1].split(':')[1], 16)))];
}

/** Whether a Postgres session as any user and password runs a query there. */
async function runsSql(at: { host: string; port?: number }): Promise<boolean> {
  const client = new Client({
    ...at,
    user: 'postgres',
    password: 'anything',
    database: 'postgres',
    connectionTimeoutMillis: 3_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
