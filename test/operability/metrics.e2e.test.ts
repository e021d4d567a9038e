import { clientIdForDetailsSecret } from '@certplane/domain';
import { X509Certificate } from 'node:crypto';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';

/** "name{labels} value" lines of a Prometheus exposition, as [series, value]. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('operability: GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h.stop());

  const scrape = async () => {
    const r = await h.call('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4/);
    return { text: r.text, values: samples(r.text) };
  };

  it('counts and times a full flow: requests by route template and status, events, certificates, signing, lag, CA expiry', async () => {
    const enrolled = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'metered', topics: { insert: 'data' } },
      bearer(h),
    );
    const id: string = enrolled.body.url;
    const details = await h.call('GET', `/informationservice/details/${id}`);
    expect(details.status).toBe(200);
    expect((await h.call('POST', '/clientcontroller/leave', { name: 'metered' }, bearer(h))).status).toBe(200);
    expect((await h.call('POST', '/clientcontroller/enrol', { name: 'x' })).status).toBe(401);
    expect((await h.call('GET', `/no/such/route/${id}`)).status).toBe(404);
    await eventually(
      async () =>
        (await h.store.readStream(`client-${clientIdForDetailsSecret(id)}`)).some(
          (e) => e.type === 'CertificateRevoked',
        )
          ? true
          : undefined,
      10_000,
      'revocation',
    );

    const { text, values } = await eventually(
      async () => {
        const s = await scrape();
        // The projector's handling of CertificateRevoked is the last thing the flow does; the outbox rows
        // of start-up's record of the CA as the first issuer go a moment after their publish too.
        return s.values.get(
          'certplane_events_handled_total{consumer="projector",type="CertificateRevoked",outcome="ok"}',
        ) === 1 && s.values.get('certplane_outbox_lag_events') === 0
          ? s
          : undefined;
      },
      10_000,
      'the projector to handle the revocation',
    );

    const count = (route: string, method: string, status: number) =>
      values.get(
        `certplane_http_request_duration_seconds_count{method="${method}",route="${route}",status_code="${status}"}`,
      );
    expect(count('/clientcontroller/enrol', 'POST', 200)).toBe(1);
    expect(count('/clientcontroller/enrol', 'POST', 401)).toBe(1);
    expect(count('/informationservice/details/:id', 'GET', 200)).toBe(1);
    expect(count('/clientcontroller/leave', 'POST', 200)).toBe(1);
    expect(count('unmatched', 'GET', 404)).toBe(1);
    // Paths chosen by callers never become label values.
    expect(text).not.toContain(id);

    for (const type of ['ClientEnrolled', 'CertificateIssued', 'ClientRemoved', 'CertificateRevoked'])
      expect(values.get(`certplane_events_appended_total{type="${type}"}`)).toBe(1);
    expect(values.get('certplane_certificates_issued_total')).toBe(1);
    expect(values.get('certplane_certificates_revoked_total{reason="cessationOfOperation"}')).toBe(1);
    expect(values.get('certplane_certificate_signing_duration_seconds_count')).toBe(1);
    expect(values.get('certplane_certificate_signing_duration_seconds_sum')).toBeGreaterThan(0);
    expect(
      values.get('certplane_events_handled_total{consumer="cert-issuer",type="ClientEnrolled",outcome="ok"}'),
    ).toBe(1);
    expect(
      values.get('certplane_event_handling_duration_seconds_count{consumer="projector",type="ClientEnrolled"}'),
    ).toBe(1);
    expect(values.get('certplane_outbox_lag_events')).toBe(0);
    expect(values.get('certplane_consumer_lag_messages{consumer="cert-issuer"}')).toBe(0);
    expect(values.get('certplane_consumer_lag_messages{consumer="projector"}')).toBe(0);
    const caNotAfter = new Date(new X509Certificate(details.body.ca).validTo).getTime() / 1000;
    expect(values.get('certplane_ca_expiry_timestamp_seconds')).toBe(caNotAfter);
    // Node's own, for memory and CPU.
    expect(values.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE certplane_http_request_duration_seconds histogram');
  });

  it('shows the outbox lag while events wait to be published', async () => {
    // Rows left by an appender that crashed before publishing: the sweep picks them up only after CERTPLANE_RELAY_SWEEP_AFTER_MS.
    await h.ds.query(
      `INSERT INTO outbox (position) SELECT position FROM events ORDER BY position LIMIT 2 ON CONFLICT DO NOTHING`,
    );
    const lag = (await scrape()).values.get('certplane_outbox_lag_events');
    expect(lag).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => ((await scrape()).values.get('certplane_outbox_lag_events') === 0 ? true : undefined),
      10_000,
      'the sweep to empty the outbox',
    );
  });
});
