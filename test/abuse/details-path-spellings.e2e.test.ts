import { request } from 'node:http';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';

/**
 * Every spelling of /informationservice/details/<secret> either is no route at all (404 NOT_FOUND) or is the
 * details route, counted against the details miss limit like the canonical path; and no spelling puts the secret
 * in the request log. Each spelling is sent from its own loopback address, so its misses are its own.
 */
const SPELLINGS: Array<[string, (secret: string) => string]> = [
  ['canonical', (s) => `/informationservice/details/${s}`],
  ['mixed case', (s) => `/InformationService/Details/${s}`],
  ['upper case', (s) => `/INFORMATIONSERVICE/DETAILS/${s}`],
  ['one segment in upper case', (s) => `/informationservice/Details/${s}`],
  ['a trailing slash', (s) => `/informationservice/details/${s}/`],
  ['a leading double slash', (s) => `//informationservice/details/${s}`],
  ['a double slash inside', (s) => `/informationservice//details/${s}`],
  ['a double slash before the secret', (s) => `/informationservice/details//${s}`],
  ['%2F for the slashes', (s) => `/informationservice%2Fdetails%2F${s}`],
  ['%2f before the secret', (s) => `/informationservice/details%2f${s}`],
  ['a dot segment', (s) => `/informationservice/./details/${s}`],
  ['a dot-dot segment', (s) => `/x/../informationservice/details/${s}`],
  ['a dot segment before the secret', (s) => `/informationservice/details/./${s}`],
  ['%2e as a dot segment', (s) => `/informationservice/%2e/details/${s}`],
  ['%2e%2e as a dot-dot segment', (s) => `/informationservice/details/%2e%2e/details/${s}`],
  ['an escaped letter', (s) => `/informationservice/detail%73/${s}`],
  ['a query', (s) => `/informationservice/details/${s}?x=1`],
];

function get(url: string, path: string, localAddress: string): Promise<{ status: number; code?: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = JSON.parse(Buffer.concat(chunks).toString()).code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('details path spellings (real HTTP, Postgres, NATS)', () => {
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    h = await startCertplane({
      workers: [],
      captureLogs: true,
      env: { CERTPLANE_DETAILS_MISS_LIMIT: '1', CERTPLANE_DETAILS_WAIT_MS: '0' },
    });
    // No cert-issuer: the known secret answers 503 CERTIFICATE_PENDING, which is no miss.
    secret = (
      await h.call('POST', '/clientcontroller/enrol', { name: 'spelled', topics: { insert: 'data' } }, bearer(h))
    ).body.url;
  });
  afterAll(() => h.stop());

  it.each(SPELLINGS.map(([what, spell], i) => [what, spell, `127.0.${10 + i}.1`, `127.0.${10 + i}.2`] as const))(
    '%s: no route, or the details route counting its misses',
    async (_what, spell, address, otherAddress) => {
      const unknown = await get(h.url, spell('0'.repeat(32)), address);
      expect([
        { status: 404, code: 'NOT_FOUND' },
        { status: 404, code: 'CLIENT_NOT_FOUND' },
      ]).toContainEqual(unknown);
      // A routed miss used up this address's one miss: the canonical details path is now refused.
      const next = await get(h.url, `/informationservice/details/${'1'.repeat(32)}`, address);
      if (unknown.code === 'CLIENT_NOT_FOUND') expect(next).toEqual({ status: 429, code: 'RATE_LIMITED' });
      // The live secret, from an address with no misses: no route, or exactly what the canonical path answers.
      const known = await get(h.url, spell(secret), otherAddress);
      expect([
        { status: 404, code: 'NOT_FOUND' },
        { status: 503, code: 'CERTIFICATE_PENDING' },
      ]).toContainEqual(known);
      expect(known.code === 'NOT_FOUND').toBe(unknown.code === 'NOT_FOUND');
    },
  );

  it('reads a secret in another letter case as another, unknown secret', async () => {
    expect(await get(h.url, `/informationservice/details/${secret.toUpperCase()}`, '127.0.99.1')).toEqual({
      status: 404,
      code: 'CLIENT_NOT_FOUND',
    });
  });

  it('never writes the secret, in any case, to the log', () => {
    const log = h.logs.join('\n').toLowerCase();
    expect(log).toContain('details/[redacted]');
    expect(log.includes(secret.toLowerCase())).toBe(false);
  });
});
