import { createPublicKey, type JsonWebKey, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { OIDC_RETRY_AFTER_SECONDS } from '../../apps/api/src/auth/oidc-verifier';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { newSigningKey, OidcIssuer } from '../support/oidc-issuer';

jest.setTimeout(60_000);

const AUDIENCE = 'https://certplane.test/api';
const secret = () => randomBytes(24).toString('hex');
const now = () => Math.floor(Date.now() / 1000);

describe('auth: OIDC JWT access tokens from a real oidc-provider (client-credentials grant)', () => {
  let issuer: OidcIssuer;
  let h: Harness;
  beforeAll(async () => {
    issuer = await OidcIssuer.start({
      audience: AUDIENCE,
      clients: [
        { client_id: 'ci-ops', client_secret: secret(), roles: ['operator'] },
        { client_id: 'break-glass', client_secret: secret(), roles: ['admin', 'auditor'] },
        { client_id: 'reporting', client_secret: secret(), roles: ['viewer'] },
      ],
    });
    // Cooldown 0: the rotation test must not wait 30 s for the JWKS refetch.
    h = await startCertplane({
      env: {
        CERTPLANE_OIDC_ISSUER_URL: issuer.url,
        CERTPLANE_OIDC_AUDIENCE: AUDIENCE,
        CERTPLANE_OIDC_JWKS_COOLDOWN_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await issuer?.stop();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const validClaims = () => ({
    iss: issuer.url,
    aud: AUDIENCE,
    sub: 'ci-ops',
    roles: ['admin'],
    iat: now(),
    exp: now() + 300,
  });

  it('accepts an operator token obtained with client credentials and records its subject as the actor', async () => {
    const token = await issuer.token('ci-ops');
    expect((await h.call('GET', '/clients', undefined, as(token))).status).toBe(200);
    const created = await h.call('POST', '/clients', { name: 'from-oidc', ip: '192.0.2.91' }, as(token));
    expect(created.status).toBe(201);
    const events = await eventually(
      async () => (await h.call('GET', `/clients/${created.body.id}/events`, undefined, as(token))).body?.events,
    );
    expect(events[0]).toMatchObject({ type: 'ClientEnrolled', metadata: { actor: 'oidc:ci-ops' } });
    expect(JSON.stringify(await h.ds.query(`SELECT metadata FROM events`))).not.toContain(token);
  });

  it('takes the roles it knows from the claim and ignores the others', async () => {
    expect((await h.call('GET', '/v1/namespace', undefined, as(await issuer.token('break-glass')))).status).toBe(200);
  });

  it('answers 403 FORBIDDEN to a valid token that grants no certplane role', async () => {
    const r = await h.call('GET', '/clients', undefined, as(await issuer.token('reporting')));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });

  it('still accepts the static tokens beside OIDC', async () => {
    expect((await h.call('GET', '/clients', undefined, bearer(h))).status).toBe(200);
  });

  const badTokens: [string, () => Promise<string>][] = [
    ['expired (beyond the clock leeway)', () => issuer.forge({ ...validClaims(), iat: now() - 600, exp: now() - 120 })],
    ['not valid yet (nbf beyond the leeway)', () => issuer.forge({ ...validClaims(), nbf: now() + 300 })],
    ['without exp', () => issuer.forge({ iss: issuer.url, aud: AUDIENCE, sub: 'ci-ops', roles: ['admin'] })],
    [
      'for another audience (a real token for another resource)',
      () => issuer.token('break-glass', { resource: 'https://other.example/api' }),
    ],
    [
      "from another issuer, signed with this issuer's key",
      () => issuer.forge({ ...validClaims(), iss: 'http://127.0.0.1:1' }),
    ],
    [
      'tampered (roles swapped after signing)',
      async () => {
        const [header, , signature] = (await issuer.token('ci-ops')).split('.');
        const payload = { ...validClaims(), roles: ['admin'] };
        return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
      },
    ],
    [
      'signed with a key the issuer never published',
      async () => issuer.forge(validClaims(), await newSigningKey('stranger')),
    ],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(validClaims())).toString('base64url')}.`,
    ],
    [
      "HS256 with the issuer's public key as the secret",
      async () => {
        const publicPem = createPublicKey({ key: issuer.keys[0] as unknown as JsonWebKey, format: 'jwk' }).export({
          type: 'spki',
          format: 'pem',
        });
        return new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'HS256', kid: issuer.keys[0].kid })
          .sign(Buffer.from(publicPem));
      },
    ],
    ['garbage with two dots', async () => 'a.b.c'],
    [
      'that is an ID token with certplane as its audience (typ JWT, nonce)',
      () => issuer.forge({ ...validClaims(), nonce: 'n-0S6_WzA2Mj' }, undefined, 'JWT'),
    ],
    [
      'that is an ID token (no typ, at_hash)',
      () => issuer.forge({ ...validClaims(), at_hash: '77QmUPtjPfzWtF2AnpK9RQ' }, undefined, null),
    ],
    [
      'that is an ID token (c_hash)',
      () => issuer.forge({ ...validClaims(), c_hash: 'LDktKdoQak3Pk0cnXxCltA' }, undefined, 'JWT'),
    ],
    [
      'that Keycloak marks as an ID token (typ claim "ID")',
      () => issuer.forge({ ...validClaims(), typ: 'ID' }, undefined, 'JWT'),
    ],
    ['of another type (logout+jwt)', () => issuer.forge(validClaims(), undefined, 'logout+jwt')],
  ];

  it.each([
    ['typed at+jwt', 'at+jwt'],
    ['typed application/at+jwt', 'application/at+jwt'],
    ['typed JWT, as many issuers type access tokens', 'JWT'],
    ['not typed', null],
  ])('accepts an access token %s', async (_what, typ) => {
    expect(
      (await h.call('GET', '/clients', undefined, as(await issuer.forge(validClaims(), undefined, typ)))).status,
    ).toBe(200);
  });

  it('takes an at+jwt token with a nonce for the access token it says it is', async () => {
    expect(
      (
        await h.call(
          'GET',
          '/clients',
          undefined,
          as(await issuer.forge({ ...validClaims(), nonce: 'n' }, undefined, 'at+jwt')),
        )
      ).status,
    ).toBe(200);
  });

  it.each(badTokens)('answers 401 with WWW-Authenticate: Bearer to a token %s', async (_what, make) => {
    const token = await make();
    const r = await h.call('GET', '/clients', undefined, as(token));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect(r.body).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('follows a key rotation: tokens signed with the new key are accepted once the JWKS is refetched, the old ones too while published', async () => {
    const before = await issuer.token('ci-ops');
    expect((await h.call('GET', '/clients', undefined, as(before))).status).toBe(200);
    await issuer.rotate('key-2');
    const after = await issuer.token('ci-ops');
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid).toBe('key-2');
    expect((await h.call('GET', '/clients', undefined, as(after))).status).toBe(200);
    expect((await h.call('GET', '/clients', undefined, as(before))).status).toBe(200);
  });

  it('answers 503 AUTHENTICATION_UNAVAILABLE when a token needs keys the stopped issuer cannot give; static tokens still work', async () => {
    const cached = await issuer.token('ci-ops');
    await issuer.stop();
    expect((await h.call('GET', '/clients', undefined, as(cached))).status).toBe(200);
    const unknownKid = await issuer.forge(validClaims(), await newSigningKey('key-3'));
    const r = await h.call('GET', '/clients', undefined, as(unknownKid));
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 'AUTHENTICATION_UNAVAILABLE' });
    expect(r.headers.get('retry-after')).toBe('5');
    expect((await h.call('GET', '/clients', undefined, bearer(h))).status).toBe(200);
  });
});

describe('auth: an OIDC issuer that is down is asked once per retry interval, not on every request', () => {
  let h: Harness;
  let stub: Server;
  const asked: string[] = [];
  beforeAll(async () => {
    stub = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const { port } = stub.address() as AddressInfo;
    h = await startCertplane({
      workers: [],
      env: { CERTPLANE_OIDC_ISSUER_URL: `http://127.0.0.1:${port}`, CERTPLANE_OIDC_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((resolve) => stub?.close(resolve));
  });

  it(`answers 503 from the failed discovery for ${OIDC_RETRY_AFTER_SECONDS} s, then asks the issuer again`, async () => {
    const token = await new SignJWT({ sub: 'x', aud: AUDIENCE, exp: now() + 300 })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .sign((await generateKeyPair('RS256')).privateKey);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h.call('GET', '/clients', undefined, { authorization: `Bearer ${token}` })),
    );
    for (let i = 0; i < 10; i++)
      answers.push(await h.call('GET', '/clients', undefined, { authorization: `Bearer ${token}` }));
    expect(new Set(answers.map((r) => `${r.status} ${r.body.code} ${r.headers.get('retry-after')}`))).toEqual(
      new Set([`503 AUTHENTICATION_UNAVAILABLE ${OIDC_RETRY_AFTER_SECONDS}`]),
    );
    expect(asked).toEqual(['/.well-known/openid-configuration']);
    await new Promise((resolve) => setTimeout(resolve, OIDC_RETRY_AFTER_SECONDS * 1000 + 200));
    expect((await h.call('GET', '/clients', undefined, { authorization: `Bearer ${token}` })).status).toBe(503);
    expect(asked).toHaveLength(2);
  });
});
