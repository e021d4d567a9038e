import { ChildRun, freePort } from '../support/processes';
import { pollUntil } from '../support/wait';
import { Deployment, entryOf, Proc } from './deployment';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(90_000);

/** The workers, run as their own processes, answer health and metrics on their own HTTP port. */
describe('operability: the workers’ health and metrics listeners', () => {
  let d: Deployment;
  let issuer: Proc;
  let projector: Proc;
  beforeAll(async () => {
    d = await Deployment.create('opworkers');
    await d.start('api', 'api');
    // The api migrated; the workers find the schema in place and start side by side.
    [issuer, projector] = await Promise.all([d.start('cert-issuer', 'cert-issuer'), d.start('projector', 'projector')]);
  });
  afterAll(() => d?.stop());

  const metricLines = async (p: Proc) =>
    (await p.call('GET', '/metrics')).text.split('\n').filter((l) => l.startsWith('certplane_'));

  it('answers liveness and readiness per worker, each checking its own consumer', () =>
    d.explained(async () => {
      for (const [p, role] of [
        [issuer, 'cert-issuer'],
        [projector, 'projector'],
      ] as const) {
        const live = await p.call('GET', '/health');
        expect(live.status).toBe(200);
        expect(live.headers.get('content-type')).toMatch(/^application\/health\+json/);
        expect(live.body).toMatchObject({
          status: 'pass',
          description: `certplane ${role}`,
          commit: expect.any(String),
          build_time: expect.any(String),
        });
        const ready = await p.call('GET', '/health/ready');
        expect(ready.status).toBe(200);
        expect(Object.keys(ready.body.checks).sort()).toEqual(
          [`${role}:consumerLag`, 'jetstream:responseTime', 'postgres:responseTime'].sort(),
        );
      }
    }));

  it("exposes each worker's metrics: the issuer's certificates and signing, the projector's lag per projection", () =>
    d.explained(async () => {
      const enrolled = await d.api.call('POST', '/clientcontroller/enrol', {
        body: { name: 'worker-metrics', topics: { insert: 'data' } },
        headers: d.bearer(),
      });
      expect(enrolled.status).toBe(200);
      await pollUntil(
        'details',
        async () =>
          (await d.api.call('GET', `/informationservice/details/${enrolled.body.url}`)).status === 200
            ? true
            : undefined,
        { timeoutMs: 20_000 },
      );

      const issuerMetrics = await metricLines(issuer);
      expect(issuerMetrics).toEqual(
        expect.arrayContaining([
          'certplane_certificates_issued_total 1',
          'certplane_certificate_signing_duration_seconds_count 1',
          'certplane_events_appended_total{type="CertificateIssued"} 1',
        ]),
      );
      expect(issuerMetrics.some((l) => /^certplane_consumer_lag_messages\{consumer="cert-issuer"\} \d+$/.test(l))).toBe(
        true,
      );
      expect(issuerMetrics.some((l) => /^certplane_ca_expiry_timestamp_seconds \d+$/.test(l))).toBe(true);

      const projectorMetrics = await pollUntil(
        'the projector to apply everything',
        async () => {
          const lines = await metricLines(projector);
          return lines.includes('certplane_projection_lag_events{projection="clients"} 0') &&
            lines.includes('certplane_projection_lag_events{projection="certificates"} 0')
            ? lines
            : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(
        projectorMetrics.some((l) => /^certplane_consumer_lag_messages\{consumer="projector"\} \d+$/.test(l)),
      ).toBe(true);
      expect(projectorMetrics).toContain(
        'certplane_events_handled_total{consumer="projector",type="CertificateIssued",outcome="ok"} 1',
      );
      // HTTP latency is measured on the workers' listeners too (a scrape is counted once it is answered).
      expect(
        (await metricLines(projector)).some((l) =>
          l.startsWith(
            'certplane_http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200"}',
          ),
        ),
      ).toBe(true);
    }));

  it('refuses to start, naming CERTPLANE_WORKER_HTTP_PORT, when its port is taken', async () => {
    const taken = new URL(issuer.url).port;
    const second = ChildRun.spawn('cert-issuer-2', process.execPath, [entryOf('cert-issuer')], {
      env: { ...d.commonEnv(), CERTPLANE_WORKER_HTTP_PORT: taken },
    });
    const exit = await second.waitForExit(30_000).finally(() => second.stop(2_000));
    expect(exit.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^certplane (cert-issuer|projector): Invalid configuration: CERTPLANE_WORKER_HTTP_PORT ${taken} is already in use`,
        'm',
      ),
    );
  });

  it('refuses a malformed CERTPLANE_WORKER_HTTP_PORT before connecting to anything', async () => {
    const bad = ChildRun.spawn('projector-bad-port', process.execPath, [entryOf('projector')], {
      env: { ...d.commonEnv(), CERTPLANE_WORKER_HTTP_PORT: String((await freePort()) + 70_000) },
    });
    const exit = await bad.waitForExit(20_000).finally(() => bad.stop(2_000));
    expect(exit.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(
      /^certplane (cert-issuer|projector): Invalid configuration: CERTPLANE_WORKER_HTTP_PORT must be <= 65535$/,
    );
  });
});
