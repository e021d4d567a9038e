import { request } from 'node:http';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';

const UNKNOWN_ID = '0'.repeat(32);
const RATE_LIMITED = { statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) };

/** A 429 as every limit answers it: the error shape and a Retry-After within the minute. */
function expectRateLimited(r: { status: number; body: unknown; headers: Headers }): void {
  expect(r.status).toBe(429);
  expect(r.body).toEqual(RATE_LIMITED);
  expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** Each block its own certplane: the limits are kept per process, and every request here comes from 127.0.0.1. */
function withCertplane(env: Record<string, string>): () => Harness {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({ workers: [], env });
  });
  afterAll(() => h.stop());
  return () => h;
}

describe('abuse: rate limits per identity and per IP (real HTTP, Postgres, NATS)', () => {
  describe('per identity', () => {
    const h = withCertplane({ CERTPLANE_RATE_LIMIT_PER_MINUTE: '3', CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '1000' });

    it('answers 429 with Retry-After once an identity has made its requests for the minute, and only to that identity', async () => {
      for (let i = 0; i < 3; i++) expect((await h().call('GET', '/clients', undefined, bearer(h()))).status).toBe(200);
      expectRateLimited(await h().call('GET', '/clients', undefined, bearer(h())));
      expectRateLimited(await h().call('POST', '/clientcontroller/enrol', { name: 'late', topics: {} }, bearer(h())));
      // The same address, unauthenticated, is another caller.
      expect((await h().call('GET', '/pki/ca')).status).toBe(200);
      // Probes and scrapers are never limited.
      expect((await h().call('GET', '/health')).status).toBe(200);
      expect((await h().call('GET', '/metrics')).status).toBe(200);
      expect(await h().eventsSinceStart()).toBe(0);
    });
  });

  describe('per IP', () => {
    const h = withCertplane({ CERTPLANE_RATE_LIMIT_PER_MINUTE: '0', CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '3' });

    it('counts every request from an address, unknown routes and unreadable bodies too, and then answers 429 with Retry-After, token or not', async () => {
      expect((await h().call('GET', '/pki/ca')).status).toBe(200);
      expect((await h().call('GET', '/no/such/route')).status).toBe(404);
      expect((await h().call('POST', '/clients', '{"name":', bearer(h()))).body.code).toBe('INVALID_JSON');
      expectRateLimited(await h().call('GET', '/pki/ca'));
      expectRateLimited(await h().call('GET', '/clients', undefined, bearer(h())));
      expectRateLimited(await h().call('GET', `/informationservice/details/${UNKNOWN_ID}`));
      for (let i = 0; i < 5; i++) expect((await h().call('GET', '/health/ready')).status).not.toBe(429);
    });
  });

  describe('failed authentication per IP', () => {
    const h = withCertplane({ CERTPLANE_AUTH_FAILURE_LIMIT: '3' });

    it('after the limit of 401s, refuses even the right token from that address with 429, so tokens cannot be brute forced', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await h().call('GET', '/clients', undefined, { authorization: `Bearer guess-${i}-0000000000000000` });
        expect(r.status).toBe(401);
        expect(r.body.code).toBe('UNAUTHORIZED');
      }
      const blocked = await h().call('GET', '/clients', undefined, bearer(h()));
      expectRateLimited(blocked);
      expect(blocked.body.message).not.toContain(h().token);
      expectRateLimited(await h().call('GET', '/pki/ca'));
      expect((await h().call('GET', '/health')).status).toBe(200);
    });
  });

  describe('unknown details ids per IP', () => {
    const h = withCertplane({ CERTPLANE_DETAILS_MISS_LIMIT: '3', CERTPLANE_DETAILS_WAIT_MS: '0' });

    it('counts misses, not hits, and then answers details from that address with 429 while the rest of the API still answers', async () => {
      const { body } = await h().call(
        'POST',
        '/clientcontroller/enrol',
        { name: 'known', topics: { insert: 'data' } },
        bearer(h()),
      );
      const known = `/informationservice/details/${body.url}`;
      // No cert-issuer here: a known id answers 503 CERTIFICATE_PENDING, which is no miss.
      for (let i = 0; i < 5; i++) expect((await h().call('GET', known)).body.code).toBe('CERTIFICATE_PENDING');
      for (const id of [UNKNOWN_ID, 'not-a-secret', 'f'.repeat(32)])
        expect((await h().call('GET', `/informationservice/details/${id}`)).status).toBe(404);
      expectRateLimited(await h().call('GET', `/informationservice/details/${'1'.repeat(32)}`));
      expectRateLimited(await h().call('GET', known));
      expect((await h().call('GET', '/clients', undefined, bearer(h()))).status).toBe(200);
    });
  });
});

describe('abuse: body size limit and security headers', () => {
  const h = withCertplane({});

  it('answers a JSON body over 64 KiB with 413 PAYLOAD_TOO_LARGE, whether its size is announced or not', async () => {
    const big = JSON.stringify({ name: 'big', metadata: { note: 'x'.repeat(70_000) } });
    const announced = await h().call('POST', '/clients', big, bearer(h()));
    expect(announced.status).toBe(413);
    expect(announced.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    const chunked = await sendChunked(`${h().url}/clients`, big, bearer(h()));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(chunked.headers['x-content-type-options']).toBe('nosniff');
    // Just under the limit is read (and judged on its content).
    const fits = await h().call(
      'POST',
      '/clients',
      JSON.stringify({ name: 'fits', metadata: { note: 'x'.repeat(60_000) } }),
      bearer(h()),
    );
    expect(fits.body.code).toBe('INVALID_METADATA');
    expect(await h().eventsSinceStart()).toBe(0);
  });

  it('sends the security headers on answers, errors included, and a CSP that allows nothing on the API', async () => {
    const answers = [
      await h().call('GET', '/pki/ca'),
      await h().call('GET', '/clients'),
      await h().call('GET', '/no/such/route'),
      await h().call('GET', `/informationservice/details/${UNKNOWN_ID}`),
      await h().call('GET', '/openapi.json'),
      await h().call('GET', '/clients/%ff'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 404, 200, 400]);
    expect(answers[5].body).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'the request cannot be read: its path is not valid percent-encoding',
    });
    for (const a of answers) {
      expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(a.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(a.headers.get('referrer-policy')).toBe('no-referrer');
      expect(a.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(a.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(a.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps /docs working: its policy allows its own scripts and styles, and every one it loads is served from certplane', async () => {
    const page = await h().call('GET', '/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' https: 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // No inline script (script-src 'self' would block it): every script has a same-origin src.
    const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) {
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      expect(src).toMatch(/^\.\//);
      const asset = await fetch(new URL(src!, `${h().url}/docs`));
      expect(asset.status).toBe(200);
    }
  });

  it('documents RATE_LIMITED with Retry-After on every route but the unlimited probes', async () => {
    const doc = (await h().call('GET', '/openapi.json')).body;
    const limited = Object.entries(doc.paths).filter(([path]) => !/^\/(health|metrics)/.test(path));
    const operations = limited.flatMap(([, p]: [string, any]) => Object.values(p)) as any[];
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      expect(op.responses['429'].description).toContain('RATE_LIMITED');
      expect(op.responses['429'].headers['Retry-After']).toBeDefined();
    }
  });
});

/** A POST whose body comes in chunks with no Content-Length, so its size is only known while reading it. */
function sendChunked(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
    req.end();
  });
}
