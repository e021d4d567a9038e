import { Harness, startCertplane } from '../support/certplane-harness';
import { PrivateNatsServer } from '../support/processes';
import { pollUntil } from '../support/wait';

describe('operability: GET /health and /health/ready', () => {
  let nats: PrivateNatsServer;
  let h: Harness;
  beforeAll(async () => {
    // A NATS of this test's own, so that it can take it away.
    nats = await PrivateNatsServer.start();
    h = await startCertplane({
      natsUrl: nats.url,
      env: {
        CERTPLANE_BUILD_COMMIT: 'dd23b6429ec0541148ce550d8c56a4189054f9a7',
        CERTPLANE_BUILD_TIME: '2026-11-23T03:00:00Z',
      },
    });
  });
  afterAll(async () => {
    await nats.restart();
    await h.stop();
    await nats.destroy();
  });

  it('answers liveness as application/health+json with version, commit, description and build time', async () => {
    const r = await h.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      status: 'pass',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      commit: 'dd23b6429ec0541148ce550d8c56a4189054f9a7',
      description: 'certplane all-in-one',
      build_time: '2026-11-23T03:00:00Z',
    });
  });

  it('answers readiness with what it checked: Postgres, JetStream and the lag of each consumer this process runs', async () => {
    // Start-up records the CA as the first issuer, so the projector has news to catch up on.
    const r = await pollUntil(
      'the projector to catch up',
      async () => {
        const ready = await h.call('GET', '/health/ready');
        return ready.body?.checks?.['projector:consumerLag']?.[0]?.observedValue === 0 ? ready : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(r.body).toMatchObject({
      status: 'pass',
      description: 'certplane all-in-one',
      commit: 'dd23b6429ec0541148ce550d8c56a4189054f9a7',
    });
    expect(Object.keys(r.body.checks).sort()).toEqual([
      'ca:issuerKeys',
      'ca:remainingLife',
      'cert-issuer:consumerLag',
      'jetstream:responseTime',
      'postgres:responseTime',
      'projector:consumerLag',
    ]);
    expect(r.body.checks['postgres:responseTime'][0]).toMatchObject({
      componentType: 'datastore',
      status: 'pass',
      observedUnit: 'ms',
      observedValue: expect.any(Number),
    });
    expect(r.body.checks['projector:consumerLag'][0]).toMatchObject({
      status: 'pass',
      observedUnit: 'messages',
      observedValue: 0,
    });
  });

  it('fails readiness with 503 while NATS is gone, stays live, and is ready again once NATS is back', async () => {
    await nats.kill();
    const down = await pollUntil(
      'readiness to fail',
      async () => {
        const r = await h.call('GET', '/health/ready');
        return r.status === 503 ? r : undefined;
      },
      { timeoutMs: 20_000, everyMs: 200 },
    );
    expect(down.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(down.body.status).toBe('fail');
    expect(down.body.checks['jetstream:responseTime'][0]).toMatchObject({ status: 'fail', output: expect.any(String) });
    expect(down.body.checks['postgres:responseTime'][0].status).toBe('pass');
    expect((await h.call('GET', '/health')).body.status).toBe('pass');

    await nats.restart();
    await pollUntil(
      'readiness to pass again',
      async () => ((await h.call('GET', '/health/ready')).status === 200 ? true : undefined),
      { timeoutMs: 30_000, everyMs: 200 },
    );
  }, 60_000);
});
