import { clientIdForDetailsSecret } from '@certplane/domain';
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { callHttp } from '../support/http';
import { type BusNames, deleteStream, uniqueBusNames } from '../support/nats-admin';
import { ChildRun, deploymentEnv, freePort, minimalEnv } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testServices } from '../support/test-services';
import { waitUntil } from '../support/wait';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * The distributed topology from the built artefacts: the api, two cert-issuers and a projector
 * as four node processes, meeting only in Postgres and NATS JetStream.
 */
const ROOT = join(__dirname, '..', '..');
const entry = (app: 'api' | 'cert-issuer' | 'projector') => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

function assertBuilt(): void {
  for (const app of ['api', 'cert-issuer', 'projector'] as const) {
    if (!existsSync(entry(app)))
      throw new Error(`${entry(app)} is missing: run \`npm run build\` before the topology tests`);
  }
}

describe('topology: api, two cert-issuers and a projector as separate processes', () => {
  const children: ChildRun[] = [];
  let db: TestDatabase | undefined;
  let bus: BusNames;
  let pg: PgClient | undefined;
  let url: string;
  let token: string;
  let issuers: ChildRun[];

  /** Failures carry what the processes printed. */
  const explained = (fn: () => Promise<void>) => ChildRun.explainFailures(children, fn);
  const call = (method: string, path: string, body?: unknown, auth = true) =>
    callHttp(url, method, path, { body, headers: auth ? { authorization: `Bearer ${token}` } : {} });
  const issuedBy = (c: ChildRun) =>
    c
      .logLines()
      .filter((l) => l.msg === 'certificate issued')
      .map((l) => l.clientId as string);

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('topo');
    bus = uniqueBusNames();
    pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    token = 'topology-token-' + randomBytes(16).toString('hex');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const common = {
      ...deploymentEnv(db.url, bus, token),
      CERTPLANE_RELAY_SWEEP_AFTER_MS: '500',
      CERTPLANE_TLS_PORT: '0',
    };
    const start = (name: string, app: 'api' | 'cert-issuer' | 'projector', extra: Record<string, string> = {}) => {
      const c = ChildRun.spawn(name, process.execPath, [entry(app)], { env: { ...common, ...extra }, cwd: ROOT });
      children.push(c);
      return c;
    };
    const api = start('api', 'api', { PORT: String(port), HOST: '127.0.0.1' });
    // One message at a time per issuer, so a burst is shared between them.
    issuers = [
      start('cert-issuer-1', 'cert-issuer', { CERTPLANE_CONSUMER_CONCURRENCY: '1' }),
      start('cert-issuer-2', 'cert-issuer', { CERTPLANE_CONSUMER_CONCURRENCY: '1' }),
    ];
    const projector = start('projector', 'projector');

    const context = () => ChildRun.describeAll(children);
    const alive = () => {
      const dead = children.find((c) => !c.running);
      if (dead) throw new Error(`${dead.name} exited during start-up\n${context()}`);
    };
    await waitUntil(
      'the api to answer',
      async () => {
        alive();
        const r = await fetch(`${url}/informationservice/details/${'0'.repeat(32)}`).catch(() => undefined);
        return r?.status === 404 ? true : undefined;
      },
      40_000,
      context,
    );
    for (const [c, role] of [
      [issuers[0], 'cert-issuer'],
      [issuers[1], 'cert-issuer'],
      [projector, 'projector'],
    ] as const) {
      await waitUntil(
        `${c.name} to start`,
        async () => {
          alive();
          return c.logLines().some((l) => l.msg === `certplane ${role} started`) ? true : undefined;
        },
        40_000,
        context,
      );
    }
    expect(api.running).toBe(true);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop(10_000)));
    await pg?.end().catch(() => undefined);
    if (bus) await deleteStream(testServices().natsUrl, bus.streamName).catch(() => undefined);
    await db?.drop();
  });

  it('enrols, answers details with a certificate that verifies against the CA, leaves, and revokes', () =>
    explained(async () => {
      const enrolled = await call('POST', '/clientcontroller/enrol', {
        name: 'distributed',
        topics: { insert: 'data' },
      });
      expect(enrolled.status).toBe(200);
      const id: string = enrolled.body.url;

      const details = await waitUntil(
        'details 200',
        async () => {
          const r = await call('GET', `/informationservice/details/${id}`, undefined, false);
          return r.status === 200 ? r : undefined;
        },
        20_000,
      );
      expect(details.body).toMatchObject({ name: 'distributed', topics: { insert: 'data' } });
      const cert = new X509Certificate(details.body.cert);
      const ca = new X509Certificate(details.body.ca);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(details.body.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);

      const left = await call('POST', '/clientcontroller/leave', { name: 'distributed' });
      expect(left.status).toBe(200);
      expect((await call('GET', `/informationservice/details/${id}`, undefined, false)).status).toBe(404);

      const types = await waitUntil(
        'CertificateRevoked in the events table',
        async () => {
          const { rows } = await pg!.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
            `client-${clientIdForDetailsSecret(id)}`,
          ]);
          return rows.some((r) => r.type === 'CertificateRevoked') ? rows.map((r) => r.type) : undefined;
        },
        20_000,
      );
      expect(types).toEqual(['ClientEnrolled', 'CertificateIssued', 'ClientRemoved', 'CertificateRevoked']);
      await waitUntil(
        'the revocation in the read model',
        async () => {
          const { rows } = await pg!.query(`SELECT status FROM rm_certificates WHERE client_id = $1`, [
            clientIdForDetailsSecret(id),
          ]);
          return rows[0]?.status === 'revoked' ? true : undefined;
        },
        20_000,
      );
    }));

  it('issues 10 enrolments exactly once each, spread over both cert-issuers', () =>
    explained(async () => {
      const before = issuers.map((c) => issuedBy(c).length);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call('POST', '/clientcontroller/enrol', { name: `spread-${i}`, topics: { insert: 'data' } }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      const ids = results.map((r) => r.body.url as string);

      for (const id of ids) {
        const r = await waitUntil(
          `details of ${id}`,
          async () => {
            const d = await call('GET', `/informationservice/details/${id}`, undefined, false);
            return d.status === 200 ? d : undefined;
          },
          30_000,
        );
        expect(new X509Certificate(r.body.cert).verify(new X509Certificate(r.body.ca).publicKey)).toBe(true);
      }
      const { rows } = await pg!.query(
        `SELECT stream_id, array_agg(type ORDER BY stream_version) AS types FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [ids.map((id) => `client-${clientIdForDetailsSecret(id)}`)],
      );
      expect(rows).toHaveLength(10);
      for (const r of rows) expect(r.types).toEqual(['ClientEnrolled', 'CertificateIssued']);
      const serials = await pg!.query(
        `SELECT DISTINCT data->>'serialNumber' AS s FROM events WHERE type = 'CertificateIssued' AND stream_id = ANY($1::text[])`,
        [ids.map((id) => `client-${clientIdForDetailsSecret(id)}`)],
      );
      expect(serials.rows).toHaveLength(10);

      // Who issued what, from the issuers' own logs: every id once, and both took part.
      const byIssuer = issuers.map((c, i) => issuedBy(c).slice(before[i]));
      expect([...byIssuer[0], ...byIssuer[1]].sort()).toEqual(ids.map(clientIdForDetailsSecret).sort());
      expect(byIssuer[0].length).toBeGreaterThan(0);
      expect(byIssuer[1].length).toBeGreaterThan(0);
    }));

  it('an issuer activated at the api reaches both cert-issuers, which sign with it from then on', () =>
    explained(async () => {
      const created = await call('POST', '/pki/issuers', { kind: 'root' });
      expect(created.status).toBe(201);
      const newIssuer: string = created.body.id;
      expect((await call('POST', `/pki/issuers/${newIssuer}/activate`, {})).status).toBe(200);
      let round = 0;
      // The cert-issuers hear of it through the projector's notifications: a batch of enrolments shared by both
      // comes, within moments, all from the new issuer.
      await waitUntil(
        'a batch issued wholly by the new issuer',
        async () => {
          round++;
          const batch = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              call('POST', '/clientcontroller/enrol', { name: `rotated-${round}-${i}`, topics: { insert: 'data' } }),
            ),
          );
          const cns = await Promise.all(
            batch.map(async (r) => {
              const d = await waitUntil(
                'details',
                async () => {
                  const x = await call('GET', `/informationservice/details/${r.body.url}`, undefined, false);
                  return x.status === 200 ? x : undefined;
                },
                20_000,
              );
              return new X509Certificate(d.body.cert).issuer;
            }),
          );
          return cns.every((cn) => cn.includes(`certplane CA ${newIssuer.slice(0, 8)}`)) ? true : undefined;
        },
        20_000,
      );
      const bundle = (await call('GET', '/pki/ca', undefined, false)).text;
      expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    }));

  it('stops every process on SIGTERM with exit code 0', () =>
    explained(async () => {
      for (const c of children) c.proc.kill('SIGTERM');
      const exits = await Promise.all(children.map((c) => c.waitForExit(15_000)));
      expect(exits).toEqual(children.map(() => ({ code: 0, signal: null })));
      for (const c of children) expect(c.logLines().filter((l) => l.level >= 50)).toEqual([]);
    }));
});

describe('topology: start-up configuration errors of the api and worker processes', () => {
  const run = async (env: Record<string, string>) => {
    const c = ChildRun.spawn('api', process.execPath, [entry('api')], { env: { ...minimalEnv(), ...env }, cwd: ROOT });
    try {
      const exit = await c.waitForExit(20_000);
      return { ...exit, stderr: c.stderr, stdout: c.stdout };
    } finally {
      await c.stop(2_000);
    }
  };
  beforeAll(assertBuilt);

  it('exits non-zero naming NATS_URL when DATABASE_URL is set without it', async () => {
    const port = await freePort();
    const r = await run({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/certplane_no_such_db',
      CERTPLANE_API_TOKEN: 'x'.repeat(32),
      PORT: String(port),
    });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stderr).toContain('NATS_URL');
    expect(r.stderr).toMatch(/^certplane api: Invalid configuration: NATS_URL/m);
  });

  it('exits non-zero naming PORT when PORT is not a number', async () => {
    const r = await run({ PORT: 'abc' });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stderr).toMatch(/^certplane api: Invalid configuration: PORT /m);
    // Never the value itself.
    expect(r.stderr).not.toContain('abc');
  });

  it("reports a worker's configuration error the same way, in one line", async () => {
    const c = ChildRun.spawn('cert-issuer', process.execPath, [entry('cert-issuer')], {
      env: { ...minimalEnv(), DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/certplane_no_such_db' },
      cwd: ROOT,
    });
    const exit = await c.waitForExit(20_000).finally(() => c.stop(2_000));
    expect(exit.code).toBe(1);
    expect(c.stderr.trim()).toMatch(/^certplane cert-issuer: Invalid configuration: NATS_URL [^\n]*$/);
  });
});
