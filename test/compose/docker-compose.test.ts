// docker-compose.yml is the deployable stack, but no Docker engine runs in CI. This test
// has `docker-compose config` (Debian's docker-compose, installed by .ci/run) parse and
// validate it, interpolate the environment, and then checks the resolved stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const APPS = {
  api: 'dist/apps/api/src/main.js',
  'cert-issuer': 'dist/apps/cert-issuer/src/main.js',
  projector: 'dist/apps/projector/src/main.js',
} as const;
// Where each app answers /health/ready: the api on PORT, the workers on their default CERTPLANE_WORKER_HTTP_PORT.
const HEALTH_PORTS = { api: 8080, 'cert-issuer': 9090, projector: 9091 } as const;
const TEST_KEY = Buffer.alloc(32, 7).toString('base64');
const TEST_TOKEN = 'compose-test-api-token';

let scratch: string;
let emptyEnvFile: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'certplane-compose-'));
  // An empty --env-file, so that a developer's own .env cannot fill in what a test leaves out.
  emptyEnvFile = join(scratch, 'empty.env');
  writeFileSync(emptyEnvFile, '');
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `docker-compose config` with only PATH, HOME and `vars` in its environment. */
function composeConfig(vars: Record<string, string>, ...extra: string[]): Run {
  const result = spawnSync(
    'docker-compose',
    ['--env-file', emptyEnvFile, '-f', join(repoRoot, 'docker-compose.yml'), 'config', ...extra],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? scratch, ...vars },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        'docker-compose is not on PATH. .ci/run installs it (Debian package docker-compose: ' +
          'apt-get install -y docker-compose); run `CERTPLANE_CI_SKIP_TESTS=1 bash .ci/run` to set up this machine.',
      );
    }
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOk(run: Run): string {
  if (run.status !== 0) {
    throw new Error(`docker-compose config exited ${run.status}:\n${run.stderr}`);
  }
  return run.stdout;
}

/**
 * The block under `path` in block-style YAML as docker-compose prints it (PyYAML, two-space
 * indents): the lines under its key, dedented. Throws if there is none.
 */
function block(yaml: string, ...path: string[]): string {
  let lines = yaml.split('\n');
  for (const key of path) {
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
    const start = lines.findIndex(
      (l) => l.search(/\S/) === indent && (l.trim() === `${key}:` || l.trim() === `'${key}':`),
    );
    if (start < 0) throw new Error(`no "${path.join('.')}" in:\n${yaml}`);
    const body: string[] = [];
    for (const line of lines.slice(start + 1)) {
      const at = line.search(/\S/);
      // PyYAML writes a sequence under a key at the key's own indent ("command:\n- node").
      if (line.trim() !== '' && (at < indent || (at === indent && !line.slice(at).startsWith('- ')))) break;
      body.push(line);
    }
    lines = body;
  }
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The top-level keys of a block mapping. */
function keys(mapping: string): string[] {
  return mapping
    .split('\n')
    .filter((l) => /^[^\s-][^:]*:/.test(l))
    .map((l) => l.slice(0, l.indexOf(':')).replace(/^'(.*)'$/, '$1'));
}

/** The items of a block sequence of scalars. */
function items(sequence: string): string[] {
  return sequence
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2).replace(/^'(.*)'$/, '$1'));
}

/** The scalar value of `key` in a block mapping. */
function scalar(mapping: string, key: string): string | undefined {
  const line = mapping.split('\n').find((l) => l.startsWith(`${key}: `));
  return line?.slice(key.length + 2).replace(/^'(.*)'$/, '$1');
}

describe('docker-compose.yml', () => {
  const passwords = {
    POSTGRES_PASSWORD: 'pg-secret',
    CERTPLANE_NATS_PASSWORD: 'nats-app-secret',
    NATS_SUBSCRIBER_PASSWORD: 'nats-reader-secret',
    NATS_TUNNEL_SERVER_PASSWORD: 'nats-tunnel-secret',
    NATS_SYSTEM_PASSWORD: 'nats-system-secret',
  };
  const env = { CERTPLANE_ENCRYPTION_KEY: TEST_KEY, CERTPLANE_API_TOKEN: TEST_TOKEN, ...passwords };
  const NATS_NODES = ['nats1', 'nats2', 'nats3'];

  it('validates and resolves to postgres, three NATS nodes and the three apps wired to them', () => {
    const resolved = expectOk(composeConfig(env));
    const services = block(resolved, 'services');
    expect(keys(services).sort()).toEqual(['api', 'cert-issuer', ...NATS_NODES, 'postgres', 'projector', 'proxy']);

    expect(scalar(block(services, 'postgres'), 'image')).toBe('postgres:16');
    expect(block(services, 'postgres', 'healthcheck')).toContain('pg_isready');
    for (const node of NATS_NODES) {
      const nats = block(services, node);
      expect(scalar(nats, 'image')).toMatch(/^nats:2\.10/);
      // The configuration test/compose/nats-accounts.test.ts runs as a cluster on loopback.
      expect(items(block(nats, 'command'))).toEqual(['-c', '/etc/nats/nats.conf']);
      expect(block(nats, 'volumes')).toContain(`${repoRoot}/deploy/nats/nats.conf:/etc/nats/nats.conf:ro`);
      expect(block(nats, 'volumes')).toContain(`${node}-data:/data`);
      expect(block(nats, 'healthcheck')).toContain('healthz?js-enabled-only=true');
      const natsEnv = block(nats, 'environment');
      expect(scalar(natsEnv, 'NATS_SERVER_NAME')).toBe(node);
      expect(scalar(natsEnv, 'NATS_STORE_DIR')).toBe('/data');
      for (const name of [
        'CERTPLANE_NATS_PASSWORD',
        'NATS_SUBSCRIBER_PASSWORD',
        'NATS_TUNNEL_SERVER_PASSWORD',
        'NATS_SYSTEM_PASSWORD',
      ] as const) {
        expect(scalar(natsEnv, name)).toBe(passwords[name]);
      }
    }

    for (const [app, entry] of Object.entries(APPS)) {
      const service = block(services, app);
      expect(items(block(service, 'command'))).toEqual(['node', entry]);
      expect(block(service, 'build')).toContain(`context: ${repoRoot}`);

      // Start-up follows health: everything waits for postgres and nats, the api for the workers too.
      const dependsOn = block(service, 'depends_on');
      expect(keys(dependsOn).sort()).toEqual(
        app === 'api' ? ['cert-issuer', ...NATS_NODES, 'postgres', 'projector'] : [...NATS_NODES, 'postgres'],
      );
      for (const dependency of keys(dependsOn))
        expect(scalar(block(dependsOn, dependency), 'condition')).toBe('service_healthy');

      // Every app has a healthcheck on its own readiness, and time to finish in-flight work when stopped.
      expect(block(service, 'healthcheck')).toContain(
        `fetch('http://127.0.0.1:${HEALTH_PORTS[app as keyof typeof APPS]}/health/ready')`,
      );
      expect(scalar(service, 'stop_grace_period')).toMatch(/^\d+s$/);
      expect(keys(block(service, 'build', 'args')).sort()).toEqual(['CERTPLANE_BUILD_COMMIT', 'CERTPLANE_BUILD_TIME']);

      const environment = block(service, 'environment');
      expect(scalar(environment, 'DATABASE_URL')).toBe('postgres://certplane:pg-secret@postgres:5432/certplane');
      expect(scalar(environment, 'NATS_URL')).toBe('nats://nats1:4222,nats://nats2:4222,nats://nats3:4222');
      expect(scalar(environment, 'CERTPLANE_NATS_USER')).toBe('certplane');
      expect(scalar(environment, 'CERTPLANE_NATS_PASSWORD')).toBe(passwords.CERTPLANE_NATS_PASSWORD);
      expect(scalar(environment, 'CERTPLANE_ENCRYPTION_KEY')).toBe(TEST_KEY);
      expect(keys(environment)).toContain('CERTPLANE_TOPIC_ENDPOINTS');
      // The api token goes to the api only.
      expect(scalar(environment, 'CERTPLANE_API_TOKEN')).toBe(app === 'api' ? TEST_TOKEN : undefined);
    }

    expect(scalar(block(services, 'cert-issuer'), 'restart')).toBe('unless-stopped');
    expect(scalar(block(services, 'projector'), 'restart')).toBe('unless-stopped');
  });

  it('runs two api replicas with no host ports of their own behind haproxy, which alone publishes 8080 and 8443', () => {
    const services = block(expectOk(composeConfig(env)), 'services');
    const api = block(services, 'api');
    expect(api).not.toMatch(/^ports:/m);
    expect(scalar(block(api, 'deploy'), 'replicas')).toBe('2');

    const proxy = block(services, 'proxy');
    expect(scalar(proxy, 'image')).toMatch(/^haproxy:\d/);
    expect(block(proxy, 'volumes')).toContain(
      `${repoRoot}/deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro`,
    );
    const ports = block(proxy, 'ports');
    for (const port of [8080, 8443]) expect(ports).toContain(`- published: ${port}\n  target: ${port}`);
    expect(scalar(block(proxy, 'depends_on', 'api'), 'condition')).toBe('service_healthy');
    // The apis trust exactly the proxy's fixed address with PROXY headers.
    const proxyAddress = scalar(block(proxy, 'networks', 'default'), 'ipv4_address');
    expect(proxyAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(scalar(block(api, 'environment'), 'CERTPLANE_TRUSTED_PROXIES')).toBe(proxyAddress);
    for (const other of ['cert-issuer', 'projector'])
      expect(scalar(block(services, other, 'environment'), 'CERTPLANE_TRUSTED_PROXIES')).toBeUndefined();
  });

  it("has haproxy pass TCP through to the api's HTTP and HTTPS ports with a PROXY v2 header (haproxy -c)", () => {
    const config = join(repoRoot, 'deploy', 'haproxy', 'haproxy.cfg');
    const check = spawnSync('haproxy', ['-c', '-f', config], { encoding: 'utf8', timeout: 30_000 });
    if (check.error) throw new Error(`haproxy is not on PATH (.ci/services installs it): ${check.error.message}`);
    expect({ status: check.status, out: check.stdout + check.stderr }).toMatchObject({ status: 0 });
    const text = readFileSync(config, 'utf8');
    expect(text).toMatch(/^defaults\n(  .*\n)*  mode tcp$/m);
    expect(text).toMatch(/^frontend http\n  bind :8080$/m);
    expect(text).toMatch(/^frontend https\n  bind :8443$/m);
    const servers = text.split('\n').filter((l) => /^\s*server(-template)?\s/.test(l));
    expect(servers.map((l) => /\bapi:(\d+)\b/.exec(l)?.[1]).sort()).toEqual(['8080', '8443']);
    for (const line of servers) expect(line).toMatch(/\bsend-proxy-v2\b/);
  });

  it('passes the build commit and time to the image build, for GET /health', () => {
    const services = block(
      expectOk(
        composeConfig({ ...env, CERTPLANE_BUILD_COMMIT: 'dd23b64', CERTPLANE_BUILD_TIME: '2026-11-23T03:00:00Z' }),
      ),
      'services',
    );
    for (const app of Object.keys(APPS)) {
      const args = block(services, app, 'build', 'args');
      expect(scalar(args, 'CERTPLANE_BUILD_COMMIT')).toBe('dd23b64');
      expect(scalar(args, 'CERTPLANE_BUILD_TIME')).toBe('2026-11-23T03:00:00Z');
    }
  });

  it('passes POSTGRES_PASSWORD to the database and into every DATABASE_URL', () => {
    const services = block(expectOk(composeConfig({ ...env, POSTGRES_PASSWORD: 's3cret' })), 'services');
    expect(scalar(block(services, 'postgres', 'environment'), 'POSTGRES_PASSWORD')).toBe('s3cret');
    for (const app of Object.keys(APPS)) {
      expect(scalar(block(services, app, 'environment'), 'DATABASE_URL')).toBe(
        'postgres://certplane:s3cret@postgres:5432/certplane',
      );
    }
  });

  it.each(Object.keys(passwords))(
    'has no default password: refuses to resolve without %s, and says how to make one',
    (name) => {
      const run = composeConfig({ ...env, [name]: '' });
      expect(run.status).not.toBe(0);
      const lastLine = run.stderr.trim().split('\n').pop() ?? '';
      expect(lastLine).toMatch(new RegExp(`set ${name}\\b.*openssl rand -hex 24$`));
      if (name !== 'POSTGRES_PASSWORD') expect(lastLine).toContain('begins with a letter');
    },
  );

  it('refuses to resolve without CERTPLANE_ENCRYPTION_KEY, and says how to make one', () => {
    const run = composeConfig({ ...passwords, CERTPLANE_API_TOKEN: TEST_TOKEN });
    expect(run.status).not.toBe(0);
    const lastLine = run.stderr.trim().split('\n').pop() ?? '';
    expect(lastLine).toMatch(
      /set CERTPLANE_ENCRYPTION_KEY to 32 random bytes in base64, e\.g\. openssl rand -base64 32$/,
    );
  });

  it('refuses to resolve without CERTPLANE_API_TOKEN', () => {
    const run = composeConfig({ ...passwords, CERTPLANE_ENCRYPTION_KEY: TEST_KEY });
    expect(run.status).not.toBe(0);
    const lastLine = run.stderr.trim().split('\n').pop() ?? '';
    expect(lastLine).toMatch(/set CERTPLANE_API_TOKEN to a long random secret/);
  });
});
