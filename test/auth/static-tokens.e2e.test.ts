import { randomBytes } from 'node:crypto';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';

jest.setTimeout(60_000);

const OPS_TOKEN = 'ops-' + randomBytes(16).toString('hex');
const ROOT_TOKEN = 'root-' + randomBytes(16).toString('hex');

describe('auth: static tokens over HTTP (real Postgres and NATS)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({
      env: { CERTPLANE_API_TOKENS: `ci-deploy:operator:${OPS_TOKEN},root:admin:${ROOT_TOKEN}` },
    });
  });
  afterAll(() => h.stop());

  const wrongSameLength = () => h.token.slice(0, -1) + (h.token.endsWith('a') ? 'b' : 'a');
  const badAuthorization: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['an empty header', () => ''],
    ['the scheme alone', () => 'Bearer'],
    ['the scheme and a space', () => 'Bearer '],
    ['the right token without the scheme', () => h.token],
    ['the right token as Basic credentials', () => `Basic ${Buffer.from(`x:${h.token}`).toString('base64')}`],
    ['a wrong token of the same length', () => `Bearer ${wrongSameLength()}`],
    ['the right token less its last character', () => `Bearer ${h.token.slice(0, -1)}`],
    ['the right token and one more character', () => `Bearer ${h.token}x`],
    ['the right token twice', () => `Bearer ${h.token} ${h.token}`],
    ['the token name instead of the token', () => 'Bearer ci-deploy'],
    ['a JWT-shaped token with no OIDC configured', () => 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    [
      'an unsigned (alg none) JWT',
      () =>
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["admin"]}').toString('base64url')}.`,
    ],
  ];

  it.each(badAuthorization)(
    'answers 401 with WWW-Authenticate: Bearer to %s, never echoing it',
    async (_what, authorization) => {
      const header = authorization();
      const r = await h.call('GET', '/clients', undefined, header === undefined ? {} : { authorization: header });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      expect(r.text).not.toContain(h.token);
      if (header) expect(r.text).not.toContain(header);
    },
  );

  it('accepts each configured token, the scheme in any case', async () => {
    for (const auth of [`Bearer ${h.token}`, `bearer ${OPS_TOKEN}`, `BEARER ${ROOT_TOKEN}`]) {
      expect((await h.call('GET', '/clients', undefined, { authorization: auth })).status).toBe(200);
    }
  });

  it('records which token acted in the events, by name, never the token', async () => {
    const created = await h.call(
      'POST',
      '/clients',
      { name: 'made-by-ci', ip: '192.0.2.71' },
      { authorization: `Bearer ${OPS_TOKEN}` },
    );
    expect(created.status).toBe(201);
    await h.call('POST', `/clients/${created.body.id}/disable`, undefined, bearer(h));
    const events = await eventually(async () => {
      const r = await h.call('GET', `/clients/${created.body.id}/events`, undefined, {
        authorization: `Bearer ${ROOT_TOKEN}`,
      });
      return r.body.events.some((e: { type: string }) => e.type === 'ClientDisabled') ? r.body.events : undefined;
    });
    const actors = events.map((e: { type: string; metadata: { actor: string } }) => [e.type, e.metadata.actor]);
    expect(actors).toContainEqual(['ClientEnrolled', 'token:ci-deploy']);
    expect(actors).toContainEqual(['ClientDisabled', 'token:default']);
    const stored = JSON.stringify(await h.ds.query(`SELECT metadata FROM events`));
    for (const token of [h.token, OPS_TOKEN, ROOT_TOKEN]) expect(stored).not.toContain(token);
  });

  it('lets an operator token manage clients, tunnels and namespaces (routes of every kind)', async () => {
    const ops = { authorization: `Bearer ${OPS_TOKEN}` };
    const ns = await h.call('POST', '/v1/namespace', { name: 'ops-team' }, ops);
    expect(ns.status).toBe(201);
    const tunnel = await h.call('POST', '/v1/tunnels', { name: 'web', namespace: 'ops-team', tcpPorts: [8080] }, ops);
    expect(tunnel.status).toBe(201);
    expect((await h.call('GET', '/v1/tunnels?namespace=ops-team', undefined, ops)).status).toBe(200);
    expect((await h.call('GET', '/certificates', undefined, ops)).status).toBe(200);
    expect((await h.call('DELETE', '/v1/tunnels/web?namespace=ops-team', undefined, ops)).status).toBe(204);
  });

  it('keeps health, metrics, the CA and the CRL open without a token', async () => {
    for (const path of ['/health', '/metrics', '/pki/ca', '/pki/crl'])
      expect([path, (await h.call('GET', path)).status]).toEqual([path, 200]);
  });
});
