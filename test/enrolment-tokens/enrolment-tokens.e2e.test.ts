import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { x509 } from '@certplane/pki';
import { Projector, rebuildProjections } from '@certplane/projections';
import { enrolmentTokenDigest, EnrolmentTokenCreated } from '@certplane/domain';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { makeCsr } from '../clients/client-fixtures';
import { streamContents } from '../tunnels/tunnel-fixtures';
import { errorBody, tokenApi } from './enrolment-token-fixtures';

const FLOOR_MS = 300;
const TOKEN_KEYS = [
  'id',
  'name',
  'hostname',
  'tags',
  'metadata',
  'topics',
  'uses',
  'usesLeft',
  'expires',
  'status',
  'created',
  'token',
];

describe('enrolment tokens (real Postgres and NATS JetStream)', () => {
  let h: Harness;
  let api: ReturnType<typeof tokenApi>;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_ENROLMENT_MIN_ANSWER_MS: String(FLOOR_MS) } });
    api = tokenApi(h);
  });
  afterAll(() => h.stop());

  it('creates a token shown once, lists it by id with uses left and status, and keeps only its digest', async () => {
    const before = Date.now();
    const created = await api.create({
      name: 'edge-1',
      hostname: 'edge-1.example',
      tags: ['fleet'],
      metadata: { rack: 7 },
      topics: { insert: 'data' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(TOKEN_KEYS);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'edge-1',
      hostname: 'edge-1.example',
      tags: ['fleet'],
      metadata: { rack: 7 },
      topics: { insert: 'data' },
      uses: 1,
      usesLeft: 1,
      expires: expect.any(String),
      status: 'active',
      created: expect.any(String),
      token: expect.stringMatching(/^cpet_[A-Za-z0-9_-]{43}$/),
    });
    // Default ttl: one hour.
    const ttl = Date.parse(created.body.expires) - before;
    expect(ttl).toBeGreaterThan(3600_000 - 5000);
    expect(ttl).toBeLessThanOrEqual(3600_000 + 1000);

    const { token, ...shown } = created.body;
    const listed = await api.list();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([shown]);

    const [row] = await h.ds.query(`SELECT * FROM enrolment_token_registry WHERE token_id = $1`, [created.body.id]);
    expect(row.digest).toBe(enrolmentTokenDigest(token));
    const events = await h.store.readStream(`enrolment_token-${created.body.id}`);
    expect(events.map((e) => e.type)).toEqual([EnrolmentTokenCreated.type]);
    // Neither the token nor its digest is in any event, stored or published, nor in any table but the registry's digest.
    const published = await eventually(async () => {
      const all = await streamContents(h);
      return all.some((m) => m.includes(created.body.id)) ? all : undefined;
    });
    const everywhere = [
      JSON.stringify(await h.ds.query(`SELECT data, metadata FROM events`)),
      ...published,
      JSON.stringify(await h.ds.query(`SELECT * FROM rm_enrolment_tokens`)),
    ].join('\n');
    expect(everywhere).not.toContain(token);
    expect(everywhere).not.toContain(token.slice(5));
    expect(everywhere).not.toContain(row.digest);
  });

  it('refuses bad grants with stable codes and records nothing', async () => {
    const count = await h.store.count();
    for (const [body, code] of [
      [{}, 'INVALID_NAME'],
      [{ name: 'a', namePattern: 'a-*' }, 'PARAMETERS_NOT_APPROPRIATE'],
      [{ namePattern: 'no-wildcard' }, 'INVALID_NAME_PATTERN'],
      [{ name: 'a', ip: '192.0.2.1', hostname: 'a.example' }, 'PARAMETERS_NOT_APPROPRIATE'],
      [{ name: 'a', ttl: 30 * 24 * 3600 + 1 }, 'INVALID_TTL'],
      [{ name: 'a', uses: 0 }, 'INVALID_USES'],
      // A token may shorten a certificate's validity, not lengthen it past CERTPLANE_CERT_VALIDITY, nor below 5 minutes.
      [{ name: 'a', validity: '366d' }, 'INVALID_VALIDITY'],
      [{ name: 'a', validity: '4m' }, 'INVALID_VALIDITY'],
      [{ name: 'a', validity: 7 }, 'INVALID_VALIDITY'],
      [{ name: 'a', validityDays: 7 }, 'UNKNOWN_FIELD'],
      [{ name: 'a', token: 'chosen' }, 'UNKNOWN_FIELD'],
    ] as const) {
      expect([JSON.stringify(body), (await api.create(body)).body]).toEqual([
        JSON.stringify(body),
        errorBody(400, code),
      ]);
    }
    expect(await h.store.count()).toBe(count);
  });

  it('enrols a device with its own CSR: the client gets what the token allows and a certificate for the CSR key', async () => {
    const { body: t } = await api.create({
      namePattern: 'sensor-*',
      tags: ['fleet'],
      metadata: { site: 'a' },
      validity: '168h',
      uses: 2,
    });
    expect(t).toMatchObject({ validity: '7d' });
    const csr = await makeCsr();
    const enrolled = await api.enrol(t.token, { name: 'sensor-17', csr: csr.pem });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toEqual({ id: expect.any(String), name: 'sensor-17', url: expect.any(String) });
    expect(enrolled.headers.get('location')).toBe(`/clients/${enrolled.body.id}`);

    const details = await h.call('GET', `/informationservice/details/${enrolled.body.url}`);
    expect(details.status).toBe(200);
    expect(details.body.key).toBeUndefined();
    const cert = new x509.X509Certificate(details.body.cert);
    expect(Buffer.from(cert.publicKey.rawData).equals(csr.spki)).toBe(true);
    expect(cert.subjectName.getField('CN')).toEqual(['user-sensor-17']);
    // The token's validity, not the deployment's (365 days).
    expect(Math.abs(cert.notAfter.getTime() - Date.now() - 7 * 86_400_000)).toBeLessThan(60_000);

    const client = await h.call('GET', `/clients/${enrolled.body.id}`, undefined, {
      authorization: `Bearer ${h.token}`,
    });
    expect(client.body).toMatchObject({ name: 'sensor-17', tags: ['fleet'], metadata: { site: 'a' } });

    const events = await h.store.readStream(`enrolment_token-${t.id}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['EnrolmentTokenCreated', expect.anything()],
      ['EnrolmentTokenUsed', { tokenId: t.id, clientId: enrolled.body.id, name: 'sensor-17' }],
    ]);
    expect((await api.list()).body.find((x: { id: string }) => x.id === t.id)).toMatchObject({
      uses: 2,
      usesLeft: 1,
      status: 'active',
    });
  });

  it("gives a device the validity it asks for up to its token's, and a client the one POST /clients asks for, in seconds", async () => {
    const lifetime = async (detailsSecret: string) => {
      const details = await h.call('GET', `/informationservice/details/${detailsSecret}`);
      return new x509.X509Certificate(details.body.cert).notAfter.getTime() - Date.now();
    };
    const { body: t } = await api.create({ namePattern: 'short-*', validity: '1h', uses: 2 });
    const count = await h.store.count();
    expect((await api.enrol(t.token, { name: 'short-1', csr: (await makeCsr()).pem, validity: '61m' })).body).toEqual(
      errorBody(400, 'INVALID_VALIDITY'),
    );
    expect(await h.store.count()).toBe(count);
    const enrolled = await api.enrol(t.token, { name: 'short-2', csr: (await makeCsr()).pem, validity: '15m' });
    expect(enrolled.status).toBe(201);
    expect(Math.abs((await lifetime(enrolled.body.url)) - 15 * 60_000)).toBeLessThan(30_000);
    expect((await api.list()).body.find((x: { id: string }) => x.id === t.id)).toMatchObject({
      validity: '1h',
      usesLeft: 1,
    });

    const created = await h.call(
      'POST',
      '/clients',
      { name: 'short-lived', csr: (await makeCsr()).pem, validity: '300s' },
      { authorization: `Bearer ${h.token}` },
    );
    expect(created.status).toBe(201);
    expect(Math.abs((await lifetime(created.body.url)) - 5 * 60_000)).toBeLessThan(30_000);
    const refused = await h.call(
      'POST',
      '/clients',
      { name: 'too-short', validity: '299s' },
      { authorization: `Bearer ${h.token}` },
    );
    expect(refused.body).toEqual(errorBody(400, 'INVALID_VALIDITY'));
  });

  it('runs the commands of docs/api/enrolment-tokens.md: curl makes a token, openssl the key and CSR, curl (with jq) enrols, details has the certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-enrol-readme-'));
    const sh = async (script: string) =>
      (
        await promisify(execFile)('sh', ['-ec', script], {
          cwd: dir,
          env: { ...process.env, TOKEN: h.token, URL: h.url },
        })
      ).stdout;
    const token = JSON.parse(
      await sh(
        `curl -sS -H "Authorization: Bearer $TOKEN" -d '{"namePattern":"readme-*","tags":["fleet"],"uses":50,"ttl":86400}' $URL/enrolment-tokens`,
      ),
    );
    expect(token).toMatchObject({ namePattern: 'readme-*', tags: ['fleet'], uses: 50, usesLeft: 50, status: 'active' });
    const enrolled = JSON.parse(
      await sh(`openssl ecparam -name prime256v1 -genkey -noout -out readme-17.key
openssl req -new -key readme-17.key -subj /CN=readme-17 -out readme-17.csr
curl -sS -H "Authorization: Bearer ${token.token}" --data-binary "$(jq -Rs '{name:"readme-17",csr:.}' readme-17.csr)" $URL/enrol`),
    );
    expect(enrolled).toEqual({ id: expect.any(String), name: 'readme-17', url: expect.any(String) });
    const details = JSON.parse(await sh(`curl -sS $URL/informationservice/details/${enrolled.url}`));
    expect(details).toMatchObject({ name: 'readme-17', ca: expect.any(String), cert: expect.any(String) });
    expect(details.key).toBeUndefined();
  });

  it('of N concurrent uses of a one-use token exactly one enrols', async () => {
    const { body: t } = await api.create({ namePattern: 'racer-*' });
    const csrs = await Promise.all(Array.from({ length: 12 }, () => makeCsr()));
    const answers = await Promise.all(csrs.map((csr, i) => api.enrol(t.token, { name: `racer-${i}`, csr: csr.pem })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(11).fill(401)]);
    for (const a of answers.filter((x) => x.status === 401))
      expect(a.body).toEqual(errorBody(401, 'ENROLMENT_TOKEN_USED_UP'));
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM client_registry WHERE name LIKE 'racer-%'`);
    expect(n).toBe(1);
    expect(
      (await h.store.readStream(`enrolment_token-${t.id}`)).filter((e) => e.type === 'EnrolmentTokenUsed'),
    ).toHaveLength(1);
  });

  it('of N concurrent uses of a three-use token exactly three enrol', async () => {
    const { body: t } = await api.create({ namePattern: 'trio-*', uses: 3 });
    const csrs = await Promise.all(Array.from({ length: 12 }, () => makeCsr()));
    const answers = await Promise.all(csrs.map((csr, i) => api.enrol(t.token, { name: `trio-${i}`, csr: csr.pem })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, ...Array(9).fill(401)]);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM client_registry WHERE name LIKE 'trio-%'`);
    expect(n).toBe(3);
    expect((await api.list()).body.find((x: { id: string }) => x.id === t.id)).toMatchObject({
      usesLeft: 0,
      status: 'used',
    });
  });

  it('refuses expired, used up, revoked, unknown and out-of-bounds uses with stable codes, after the same floor, recording nothing', async () => {
    const { pem: csr, der } = await makeCsr();
    const used = (await api.create({ name: 'once' })).body;
    expect((await api.enrol(used.token, { csr })).status).toBe(201);
    const revoked = (await api.create({ name: 'revoked-1' })).body;
    expect((await api.revoke(revoked.id)).status).toBe(204);
    // Revoking again changes nothing.
    expect((await api.revoke(revoked.id)).status).toBe(204);
    const fixed = (await api.create({ name: 'fixed-1' })).body;
    const expired = await expiredToken(h);

    const cases: [string | undefined, unknown, number, string][] = [
      [expired, { csr }, 401, 'ENROLMENT_TOKEN_EXPIRED'],
      [used.token, { csr }, 401, 'ENROLMENT_TOKEN_USED_UP'],
      [revoked.token, { csr }, 401, 'ENROLMENT_TOKEN_REVOKED'],
      [`cpet_${'A'.repeat(43)}`, { csr }, 401, 'ENROLMENT_TOKEN_UNKNOWN'],
      ['not a token at all', { csr }, 401, 'ENROLMENT_TOKEN_UNKNOWN'],
      [undefined, { csr }, 401, 'ENROLMENT_TOKEN_UNKNOWN'],
      [fixed.token, { name: 'other', csr }, 403, 'ENROLMENT_TOKEN_NOT_ALLOWED'],
      // A device always sends a CSR: the server never makes its key.
      [fixed.token, {}, 400, 'INVALID_CSR'],
      [fixed.token, { csr: badSignature(der) }, 400, 'INVALID_CSR'],
    ];
    const count = await h.store.count();
    for (const [token, body, status, code] of cases) {
      const started = Date.now();
      const answer = await api.enrol(token, body);
      const took = Date.now() - started;
      expect([code, answer.body]).toEqual([code, errorBody(status, code)]);
      if (status === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect([code, took >= FLOOR_MS - 5]).toEqual([code, true]);
    }
    expect(await h.store.count()).toBe(count);
    expect((await api.list()).body.find((x: { id: string }) => x.id === fixed.id)).toMatchObject({
      usesLeft: 1,
      status: 'active',
    });
    expect((await api.list()).body.find((x: { id: string }) => x.id === revoked.id)).toMatchObject({
      usesLeft: 1,
      status: 'revoked',
    });
    expect((await api.revoke('0'.repeat(32))).body).toEqual(errorBody(404, 'ENROLMENT_TOKEN_NOT_FOUND'));
  });

  it('rolls the use back when the name is taken: the token keeps its use', async () => {
    const csr = (await makeCsr()).pem;
    const first = (await api.create({ name: 'taken' })).body;
    expect((await api.enrol(first.token, { csr })).status).toBe(201);
    const second = (await api.create({ name: 'taken' })).body;
    expect((await api.enrol(second.token, { csr })).body).toEqual(errorBody(409, 'CLIENT_ALREADY_EXISTS'));
    expect((await api.list()).body.find((x: { id: string }) => x.id === second.id)).toMatchObject({
      usesLeft: 1,
      status: 'active',
    });
  });

  // Last: it rebuilds every read model of this run's tokens and clients.
  it('rebuilds the token read model from the event store to the same rows and the same list', async () => {
    const listed = (await api.list()).body;
    const rows = await h.ds.query(`SELECT * FROM rm_enrolment_tokens ORDER BY token_id`);
    expect(rows.length).toBeGreaterThan(5);
    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await h.ds.query(`SELECT * FROM rm_enrolment_tokens ORDER BY token_id`)).toEqual(rows);
    expect((await api.list()).body).toEqual(listed);
  });
});

/** The CSR with the last byte of its signature changed: well formed, but its signature fails. */
function badSignature(der: Uint8Array): string {
  const bad = Buffer.from(der);
  bad[bad.length - 1] ^= 0x01;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${bad.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

/**
 * A token whose expiry has passed, written as the create handler writes one: the API's shortest
 * ttl is a minute, and waiting that out is no test.
 */
async function expiredToken(h: Harness): Promise<string> {
  const token = `cpet_${'E'.repeat(43)}`;
  const tokenId = 'e'.repeat(32);
  const created = EnrolmentTokenCreated.create({
    tokenId,
    name: 'late',
    uses: 1,
    expiresAt: new Date(Date.now() - 1000).toISOString(),
  });
  await h.store.append(`enrolment_token-${tokenId}`, [created], {
    expectedVersion: 0,
    context: { correlationId: 'test' },
    also: [
      {
        step: async (tx) => {
          await tx.query(`INSERT INTO enrolment_token_registry (token_id, digest, version) VALUES ($1, $2, 1)`, [
            tokenId,
            enrolmentTokenDigest(token),
          ]);
        },
      },
    ],
  });
  return token;
}
