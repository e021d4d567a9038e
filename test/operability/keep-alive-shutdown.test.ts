import { Deployment } from './deployment';

jest.setTimeout(90_000);

/**
 * Clients that keep their connections alive and never pause (fetch does, as load balancers do)
 * must not keep a stopping api alive: server.close() waits for connections to fall idle, and
 * under steady load they never did, so the api never exited on SIGTERM.
 */
describe('operability: SIGTERM while keep-alive connections keep carrying requests', () => {
  let d: Deployment;
  beforeAll(async () => {
    d = await Deployment.create('opkeepalive');
  });
  afterAll(() => d?.stop());

  it('ends the connections after their current answer and exits 0', () =>
    d.explained(async () => {
      // Eight callers hammering one unknown id from one address would otherwise be throttled (issue #5's limits).
      const api = await d.start('api', 'api', {
        CERTPLANE_DETAILS_MISS_LIMIT: '0',
        CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      });
      let stop = false;
      const statuses: number[] = [];
      const caller = async () => {
        while (!stop) {
          try {
            const r = await fetch(`${api.url}/informationservice/details/${'1'.repeat(32)}`);
            await r.text();
            statuses.push(r.status);
          } catch {
            // refused once the api stopped listening
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      };
      // Enough callers that no connection ever falls idle (with fewer, gaps let server.close() catch them idle).
      const callers = Array.from({ length: 8 }, caller);
      while (statuses.length < 50) await new Promise((resolve) => setTimeout(resolve, 20));

      api.run.proc.kill('SIGTERM');
      const exit = await api.run.waitForExit(30_000).finally(() => (stop = true));
      await Promise.all(callers);

      expect(exit).toEqual({ code: 0, signal: null });
      expect(statuses.filter((s) => s !== 404)).toEqual([]);
      expect(api.run.logLines().some((l) => l.msg === 'shutting down')).toBe(true);
    }));
});
