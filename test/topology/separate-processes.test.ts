import { clientIdForDetailsSecret } from '@certplane/domain';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { assertBuilt, Distributed, entryOf as entry, startDistributed } from '../support/distributed';
import { callHttp } from '../support/http';
import { ChildRun, freePort, minimalEnv } from '../support/processes';
import { TestDatabase } from '../support/test-database';
import { waitUntil } from '../support/wait';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

/**
 * The distributed topology from the built artefacts: the api, two cert-issuers and a projector
 * as four node processes, meeting only in Postgres and NATS JetStream.
 */
describe('topology: api, two cert-issuers and a projector as separate processes', () => {
  let d: Distributed | undefined;
  let children: ChildRun[] = [];
  let db: TestDatabase;
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
    // One message at a time per issuer, so a burst is shared between them.
    d = await startDistributed({ issuers: 2, issuerEnv: { CERTPLANE_CONSUMER_CONCURRENCY: '1' } });
    ({ url, token, issuers, children, db } = d);
    pg = new PgClient({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    await d?.stop();
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
