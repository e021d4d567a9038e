import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../libs/messaging/src/nats-client';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { uniqueBusNames } from '../support/nats-admin';
import { ChildRun, minimalEnv, PrivateNatsCluster, PrivateNatsServer } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

/**
 * certplane on a NATS that is not open: a password, TLS that it must verify, and a three-node
 * JetStream cluster whose stream it replicates. Each on private nats-servers on loopback.
 */
const API = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

async function enrolAndGetCertificate(h: Harness): Promise<void> {
  const r = await h.call(
    'POST',
    '/clientcontroller/enrol',
    { name: `c-${randomBytes(3).toString('hex')}`, topics: { insert: 'data' } },
    bearer(h),
  );
  expect(r.status).toBe(200);
  await eventually(
    async () => {
      const d = await h.call('GET', `/informationservice/details/${r.body.url}`);
      return d.status === 200 ? d.body : undefined;
    },
    30_000,
    'the certificate',
  );
}

/** Starts the built api against this NATS and returns how it exited: it must not start. */
async function apiFailsWith(natsUrl: string, env: Record<string, string>, db: TestDatabase) {
  const bus = uniqueBusNames();
  const c = ChildRun.spawn('api', process.execPath, [API], {
    env: {
      ...minimalEnv(),
      DATABASE_URL: db.url,
      NATS_URL: natsUrl,
      CERTPLANE_NATS_STREAM: bus.streamName,
      CERTPLANE_NATS_SUBJECT_PREFIX: bus.subjectPrefix,
      CERTPLANE_API_TOKEN: randomBytes(24).toString('hex'),
      CERTPLANE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      CERTPLANE_TLS_PORT: '0',
      ...env,
    },
  });
  try {
    const exit = await c.waitForExit(30_000);
    return { code: exit.code, stderr: c.stderr.trim() };
  } finally {
    await c.stop(2_000);
  }
}

describe('NATS with credentials, TLS and a replicated stream', () => {
  let db: TestDatabase;
  const dirs: string[] = [];
  beforeAll(async () => {
    if (!existsSync(API)) throw new Error(`${API} is missing: run \`npm run build\` first`);
    db = await createTestDatabase('natssec');
  });
  afterAll(async () => {
    await db.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('a server that asks for a user and password', () => {
    const password = randomBytes(18).toString('base64url');
    let nats: PrivateNatsServer;
    beforeAll(async () => {
      nats = await PrivateNatsServer.start({
        config: `authorization { users: [ { user: certplane, password: "${password}" } ] }\n`,
      });
    });
    afterAll(() => nats.destroy());

    it('enrols and issues over it with CERTPLANE_NATS_USER and CERTPLANE_NATS_PASSWORD', async () => {
      const h = await startCertplane({
        natsUrl: nats.url,
        env: { CERTPLANE_NATS_USER: 'certplane', CERTPLANE_NATS_PASSWORD: password },
      });
      try {
        await enrolAndGetCertificate(h);
      } finally {
        await h.stopApp();
        await h.db.drop();
      }
    });

    it('refuses to start without them, or with a wrong password, in one line that holds no password', async () => {
      const none = await apiFailsWith(nats.url, {}, db);
      expect(none.code).toBe(1);
      expect(none.stderr.split('\n')).toHaveLength(1);
      expect(none.stderr).toMatch(
        /^certplane api: NATS at nats:\/\/127\.0\.0\.1:\d+ refused certplane \(NATS_URL\): .*check its credentials/,
      );
      const wrong = await apiFailsWith(
        nats.url,
        { CERTPLANE_NATS_USER: 'certplane', CERTPLANE_NATS_PASSWORD: 'not-' + password },
        db,
      );
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/refused certplane/);
      expect(wrong.stderr).not.toContain(password);
    });
  });

  describe('a server on TLS', () => {
    let nats: PrivateNatsServer;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cp-nats-tls-'));
      dirs.push(dir);
      const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      ossl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '2',
        '-subj',
        '/CN=nats test CA',
      );
      ossl(
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=127.0.0.1',
      );
      writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
      ossl(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.crt',
        '-days',
        '2',
        '-extfile',
        'san.ext',
      );
      nats = await PrivateNatsServer.start({
        config: `tls { cert_file: "${join(dir, 'server.crt')}", key_file: "${join(dir, 'server.key')}" }\n`,
      });
    });
    afterAll(() => nats?.destroy());

    it('verifies the server against CERTPLANE_NATS_TLS_CA_FILE and issues over it', async () => {
      const h = await startCertplane({ natsUrl: nats.url, env: { CERTPLANE_NATS_TLS_CA_FILE: join(dir, 'ca.crt') } });
      try {
        await enrolAndGetCertificate(h);
      } finally {
        await h.stopApp();
        await h.db.drop();
      }
    });

    it('does not start when the server cannot be verified', async () => {
      const r = await apiFailsWith(nats.url, {}, db);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^certplane api: cannot use NATS at nats:\/\/127\.0\.0\.1:\d+ \(NATS_URL\): /);
    });
  });

  describe('a three-node JetStream cluster', () => {
    let cluster: PrivateNatsCluster;
    beforeAll(async () => {
      cluster = await PrivateNatsCluster.start(3);
    });
    afterAll(() => cluster?.destroy());

    it('keeps the stream on three replicas by default when NATS_URL names several servers, and goes on issuing with a node down', async () => {
      const h = await startCertplane({ natsUrl: cluster.url });
      try {
        await enrolAndGetCertificate(h);
        const nc = await connectNats({ servers: cluster.nodes.map((n) => n.url), reconnect: false });
        try {
          const info = await (await jetstreamManager(nc)).streams.info(h.bus.streamName);
          expect(info.config.num_replicas).toBe(3);
          expect(info.cluster?.replicas?.length).toBe(2);
        } finally {
          await nc.close();
        }
        await cluster.nodes[2].kill();
        await enrolAndGetCertificate(h);
      } finally {
        await h.stopApp();
        await h.db.drop();
      }
    });
  });

  it('says it cannot place three replicas on a single server, and which setting to change', async () => {
    const single = await PrivateNatsServer.start();
    try {
      const r = await apiFailsWith(single.url, { CERTPLANE_NATS_REPLICAS: '3' }, db);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/with 3 replicas.*CERTPLANE_NATS_REPLICAS/);
    } finally {
      await single.destroy();
    }
  });
});
