import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client as PgClient } from 'pg';
import { deleteStream, uniqueBusNames, withNats } from '../support/nats-admin';
import { ChildRun, freePort, minimalEnv } from '../support/processes';
import { softHsmToken } from '../support/softhsm';
import { testServices } from '../support/test-services';
import { waitUntil } from '../support/wait';

jest.setTimeout(60_000);

/**
 * What a person sees when a process cannot start: one line on stderr naming the cause and the
 * fix, exit code 1, no stack trace and no colour; and on a good start, no framework chatter.
 */
const ROOT = join(__dirname, '..', '..');
const entry = (app: 'api' | 'cert-issuer' | 'projector') => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
const { postgresAdminUrl, natsUrl } = testServices();

function databaseUrl(name: string, user = 'postgres', password?: string): string {
  const u = new URL(postgresAdminUrl);
  u.pathname = `/${name}`;
  u.username = user;
  u.password = password ?? '';
  return u.toString();
}

async function admin<T>(fn: (pg: PgClient) => Promise<T>): Promise<T> {
  const pg = new PgClient({ connectionString: postgresAdminUrl });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

const secretsEnv = () => ({
  CERTPLANE_API_TOKEN: randomBytes(24).toString('hex'),
  CERTPLANE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});

async function startAndFail(app: 'api' | 'cert-issuer' | 'projector', env: Record<string, string>) {
  const c = ChildRun.spawn(app, process.execPath, [entry(app)], {
    env: {
      ...minimalEnv(),
      PORT: String(await freePort()),
      CERTPLANE_TLS_PORT: String(await freePort()),
      CERTPLANE_WORKER_HTTP_PORT: String(await freePort()),
      ...env,
    },
    cwd: ROOT,
  });
  try {
    const exit = await c.waitForExit(40_000);
    return { code: exit.code, stderr: c.stderr, stdout: c.stdout };
  } finally {
    await c.stop(2_000);
  }
}

function expectOneClearLine(r: { code: number | null; stderr: string }, role: string, pattern: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^certplane ${role}: `));
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\x1b\[/); // no ANSI colour
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack frame
}

describe('start-up: one clear line for each failure, and a database created when the role may', () => {
  const streams: string[] = [];
  const databases: string[] = [];
  beforeAll(() => {
    for (const app of ['api', 'cert-issuer', 'projector'] as const) {
      if (!existsSync(entry(app))) throw new Error(`${entry(app)} is missing: run \`npm run build\` first`);
    }
  });
  afterAll(async () => {
    for (const s of streams) await deleteStream(natsUrl, s);
    await admin(async (pg) => {
      for (const d of databases) await pg.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
      await pg.query('DROP ROLE IF EXISTS certplane_nocreatedb');
    });
  });

  const busEnv = () => {
    const names = uniqueBusNames();
    streams.push(names.streamName);
    return {
      NATS_URL: natsUrl,
      CERTPLANE_NATS_STREAM: names.streamName,
      CERTPLANE_NATS_SUBJECT_PREFIX: names.subjectPrefix,
    };
  };

  it('creates a missing database when the role may, starts with no framework chatter, and logs that it stopped', async () => {
    const name = `cp_fresh_${randomBytes(5).toString('hex')}`;
    databases.push(name);
    const port = await freePort();
    const c = ChildRun.spawn('api', process.execPath, [entry('api')], {
      env: {
        ...minimalEnv(),
        ...secretsEnv(),
        ...busEnv(),
        DATABASE_URL: databaseUrl(name),
        PORT: String(port),
        CERTPLANE_TLS_PORT: String(await freePort()),
      },
      cwd: ROOT,
    });
    try {
      await waitUntil(
        'the api to answer',
        async () => {
          if (!c.running) throw new Error(`the api exited\n${c.describe()}`);
          return c.logLines().some((l) => l.msg === 'certplane api listening') ? true : undefined;
        },
        40_000,
        () => c.describe(),
      );
      const messages = c.logLines().map((l) => l.msg as string);
      expect(messages).toContain('created the database DATABASE_URL names');
      expect(messages).toContain('certplane api listening');
      const listening = c.logLines().find((l) => l.msg === 'certplane api listening')!;
      expect(listening.database).toBe(`PostgreSQL postgres://postgres@${new URL(postgresAdminUrl).host}/${name}`);
      expect(listening.bus).toMatch(/^NATS JetStream nats:\/\//);
      expect(listening.apiToken).toBe('CERTPLANE_API_TOKEN');
      // Nest's module and route mapping lines are debug: none at the default level.
      expect(c.logLines().filter((l) => l.context !== undefined)).toEqual([]);
      expect(c.logLines().length).toBeLessThanOrEqual(8);
      await c.stop(20_000);
      expect((await c.exited).code).toBe(0);
      expect(c.logLines().map((l) => l.msg)).toContain('certplane api stopped');
    } finally {
      await c.stop(2_000);
    }
  });

  it('names the database and the command to create it when the role may not', async () => {
    await admin((pg) =>
      pg.query(
        'DO $$ BEGIN CREATE ROLE certplane_nocreatedb LOGIN NOCREATEDB; EXCEPTION WHEN duplicate_object THEN NULL; END $$',
      ),
    );
    const name = `cp_missing_${randomBytes(5).toString('hex')}`;
    const r = await startAndFail('api', {
      ...secretsEnv(),
      ...busEnv(),
      DATABASE_URL: databaseUrl(name, 'certplane_nocreatedb'),
    });
    expectOneClearLine(
      r,
      'api',
      new RegExp(`the database "${name}" does not exist .*createdb .*-O certplane_nocreatedb ${name}`),
    );
  });

  it('says PostgreSQL cannot be reached, and where', async () => {
    const port = await freePort();
    const r = await startAndFail('cert-issuer', {
      ...secretsEnv(),
      ...busEnv(),
      DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:${port}/certplane`,
    });
    expectOneClearLine(
      r,
      'cert-issuer',
      new RegExp(`cannot reach PostgreSQL at postgres://postgres@127.0.0.1:${port}/certplane \\(DATABASE_URL\\)`),
    );
    expect(r.stderr).not.toContain('hunter2-secret');
  });

  it('says NATS cannot be reached, and where', async () => {
    const port = await freePort();
    const name = `cp_nats_${randomBytes(5).toString('hex')}`;
    databases.push(name);
    const r = await startAndFail('projector', {
      ...secretsEnv(),
      DATABASE_URL: databaseUrl(name),
      NATS_URL: `nats://127.0.0.1:${port}`,
    });
    expectOneClearLine(r, 'projector', new RegExp(`cannot reach NATS at nats://127.0.0.1:${port} \\(NATS_URL\\)`));
  });

  it("says which setting to change when the stream's subjects overlap another stream's", async () => {
    const other = uniqueBusNames();
    streams.push(other.streamName);
    await withNats(natsUrl, async (nc) => {
      await (
        await jetstreamManager(nc)
      ).streams.add({ name: other.streamName, subjects: [`${other.subjectPrefix}.>`] });
    });
    const name = `cp_overlap_${randomBytes(5).toString('hex')}`;
    databases.push(name);
    const mine = uniqueBusNames();
    streams.push(mine.streamName);
    const r = await startAndFail('api', {
      ...secretsEnv(),
      DATABASE_URL: databaseUrl(name),
      NATS_URL: natsUrl,
      CERTPLANE_NATS_STREAM: mine.streamName,
      CERTPLANE_NATS_SUBJECT_PREFIX: other.subjectPrefix,
    });
    expectOneClearLine(r, 'api', /another stream .*CERTPLANE_NATS_SUBJECT_PREFIX/);
  });

  it('names the missing encryption key and how to make one', async () => {
    const r = await startAndFail('cert-issuer', { DATABASE_URL: databaseUrl('postgres'), ...busEnv() });
    expectOneClearLine(r, 'cert-issuer', /CERTPLANE_ENCRYPTION_KEY is required .*openssl rand -base64 32/);
  });

  it('names what is wrong with the HSM the CA key is in: the PIN, the token, the module', async () => {
    const hsm = softHsmToken();
    try {
      const env = (overrides: Record<string, string>) => {
        const name = `cp_hsm_${randomBytes(5).toString('hex')}`;
        databases.push(name);
        return {
          ...secretsEnv(),
          ...busEnv(),
          ...hsm.env,
          SOFTHSM2_CONF: hsm.conf,
          DATABASE_URL: databaseUrl(name),
          ...overrides,
        };
      };
      const wrongPin = join(hsm.pinFile, '..', 'wrong');
      writeFileSync(wrongPin, '000000');
      const [pin, token, module] = await Promise.all([
        startAndFail('cert-issuer', env({ CERTPLANE_CA_PKCS11_PIN_FILE: wrongPin })),
        startAndFail('api', env({ CERTPLANE_CA_PKCS11_TOKEN_LABEL: 'no-such-token' })),
        startAndFail('projector', env({ CERTPLANE_CA_PKCS11_MODULE: '/nonexistent/libpkcs11.so' })),
      ]);
      expectOneClearLine(
        pin,
        'cert-issuer',
        /PIN in CERTPLANE_CA_PKCS11_PIN_FILE .* was refused \(CKR_PIN_INCORRECT\)/,
      );
      expectOneClearLine(token, 'api', /no PKCS#11 token labelled "no-such-token" \(CERTPLANE_CA_PKCS11_TOKEN_LABEL\)/);
      expectOneClearLine(
        module,
        'projector',
        /cannot load the PKCS#11 module in CERTPLANE_CA_PKCS11_MODULE \(\/nonexistent\/libpkcs11.so\)/,
      );
    } finally {
      hsm.remove();
    }
  });

  it('names the missing API token', async () => {
    const r = await startAndFail('api', {
      DATABASE_URL: databaseUrl('postgres'),
      CERTPLANE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...busEnv(),
    });
    expectOneClearLine(r, 'api', /CERTPLANE_API_TOKEN is required/);
  });
});
