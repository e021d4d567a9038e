import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { pollUntil } from '../support/wait';

/**
 * Two api replicas (two apps, each with its own memory) of one deployment: one database, one
 * stream. Every limit is counted once across them, whichever replica a request reaches.
 */
function twoReplicas(env: Record<string, string>): () => [Harness, Harness] {
  let a: Harness;
  let b: Harness | undefined;
  beforeAll(async () => {
    a = await startCertplane({ workers: [], env });
    b = await startCertplane({
      workers: [],
      env: { ...env, CERTPLANE_API_TOKEN: a.token },
      database: a.db,
      bus: a.bus,
    });
  });
  afterAll(async () => {
    await b?.stopApp();
    await a?.stop();
  });
  return () => [a, b!];
}

describe('abuse: limits counted across api replicas (two apps, one Postgres)', () => {
  describe('failed authentication', () => {
    const replicas = twoReplicas({ CERTPLANE_AUTH_FAILURE_LIMIT: '30' });

    it('40 bad tokens to each replica let no more 401s through than the single limit', async () => {
      const [a, b] = replicas();
      const statuses: number[] = [];
      // A guesser taking turns between the replicas (a load balancer's round robin), each answer awaited.
      for (let i = 0; i < 40; i++) {
        for (const h of [a, b])
          statuses.push(
            (await h.call('GET', '/clients', undefined, { authorization: `Bearer guess-${i}-000000000000000000` }))
              .status,
          );
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(30);
      expect(statuses.filter((s) => s === 429)).toHaveLength(50);
      // The right token is refused on both now: the address is blocked, not the token.
      for (const h of [a, b]) expect((await h.call('GET', '/clients', undefined, bearer(h))).status).toBe(429);
    });
  });

  describe('unknown details ids', () => {
    const replicas = twoReplicas({ CERTPLANE_DETAILS_MISS_LIMIT: '4', CERTPLANE_DETAILS_WAIT_MS: '0' });

    it('counts misses on either replica towards one limit', async () => {
      const [a, b] = replicas();
      const missOn = (h: Harness, i: number) => h.call('GET', `/informationservice/details/${String(i).repeat(32)}`);
      expect((await missOn(a, 1)).status).toBe(404);
      expect((await missOn(b, 2)).status).toBe(404);
      expect((await missOn(a, 3)).status).toBe(404);
      expect((await missOn(b, 4)).status).toBe(404);
      expect((await missOn(a, 5)).status).toBe(429);
      expect((await missOn(b, 6)).status).toBe(429);
    });
  });

  describe('requests per identity', () => {
    const replicas = twoReplicas({
      CERTPLANE_RATE_LIMIT_PER_MINUTE: '6',
      CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
    });

    it('refuses on one replica once the identity used its minute on the other', async () => {
      const [a, b] = replicas();
      for (let i = 0; i < 6; i++) expect((await a.call('GET', '/clients', undefined, bearer(a))).status).toBe(200);
      expect((await a.call('GET', '/clients', undefined, bearer(a))).status).toBe(429);
      // b learns of a's hits at its next exchange with the other replicas (a quarter of a second).
      const refused = await pollUntil(
        'b refuses the identity',
        async () => ((await b.call('GET', '/clients', undefined, bearer(b))).status === 429 ? true : undefined),
        { timeoutMs: 5_000 },
      );
      expect(refused).toBe(true);
      const r = await b.call('GET', '/clients', undefined, bearer(b));
      expect(r.body.code).toBe('RATE_LIMITED');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });

  describe('requests per address, shared within the stated tolerance', () => {
    const replicas = twoReplicas({
      CERTPLANE_RATE_LIMIT_PER_MINUTE: '0',
      CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '10',
    });

    it('lets through about the single limit, not twice it, from a caller taking turns between replicas', async () => {
      const [a, b] = replicas();
      let ok = 0;
      for (let i = 0; i < 15; i++) {
        for (const h of [a, b]) if ((await h.call('GET', '/pki/ca')).status === 200) ok++;
        // A caller slower than the exchange (every 250 ms): every pair's hits are known to both before the next.
        await new Promise((r) => setTimeout(r, 700));
      }
      expect(ok).toBe(10);
    });
  });
});
