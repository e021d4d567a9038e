import { CertplaneMetrics } from '@certplane/observability';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { deleteStream } from '../support/nats-admin';

jest.setTimeout(60_000);

const ENROLMENTS = 6;

/**
 * The bus is news, the store is the truth: when the news is lost (here the whole JetStream stream,
 * deleted after the relay published and emptied the outbox), the reconciler re-drives what the
 * store says is due, and every enrolment still gets exactly one certificate.
 */
describe('faults: enrolments whose messages are lost with the stream', () => {
  let first: Harness;
  let second: Harness | undefined;

  beforeAll(async () => {
    // No cert-issuer yet: the enrolments are published and wait on the stream for one.
    first = await startCertplane({ workers: ['projector'] });
  });
  afterAll(async () => {
    await second?.stopApp();
    await first?.stop();
  });

  it('issues each enrolment exactly one certificate once the reconciler runs', async () => {
    const clients: string[] = [];
    const secrets: string[] = [];
    for (let i = 0; i < ENROLMENTS; i++) {
      const r = await first.call(
        'POST',
        '/clientcontroller/enrol',
        { name: `lost-${i}`, topics: { insert: 'data' } },
        bearer(first),
      );
      expect(r.status).toBe(200);
      clients.push(clientIdOf(r.body.url));
      secrets.push(r.body.url);
    }
    await eventually(
      async () => ((await first.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    await first.stopApp();
    await deleteStream(first.env.NATS_URL, first.bus.streamName);

    // A new stream, empty: no message will ever tell the issuer about these enrolments.
    second = await startCertplane({
      database: first.db,
      bus: first.bus,
      env: { CERTPLANE_RECONCILE_AFTER_MS: '1000' },
    });
    const h = second;
    for (const clientId of clients) {
      await eventually(
        async () =>
          (await h.store.readStream(`client-${clientId}`)).some((e) => e.type === 'CertificateIssued')
            ? true
            : undefined,
        20_000,
        `a certificate for ${clientId}`,
      );
    }
    // Passes go on: a request answered stays answered.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const clientId of clients) {
      expect((await h.store.readStream(`client-${clientId}`)).map((e) => e.type)).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
      ]);
    }
    const redriven = (await h.app.get(CertplaneMetrics).issuanceRedriven.get()).values;
    expect(redriven).toEqual([{ labels: { type: 'ClientEnrolled', outcome: 'issued' }, value: ENROLMENTS }]);
    // And the read models heard of it: details hand out the certificate.
    const details = await h.call('GET', `/informationservice/details/${secrets[0]}`);
    expect(details.status).toBe(200);
    expect(details.body.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});

/**
 * The read models recover from the store too: events whose news is lost and that nothing later in
 * their stream follows (a tag change, a leave) are caught up by the projection reconciler.
 */
describe('faults: read models whose news is lost with the stream', () => {
  let first: Harness;
  let second: Harness | undefined;

  beforeAll(async () => {
    // No projector yet: the events are published and wait on the stream for one.
    first = await startCertplane({ workers: ['cert-issuer'] });
  });
  afterAll(async () => {
    await second?.stopApp();
    await first?.stop();
  });

  it('brings every projection up to the store once the reconciler runs', async () => {
    const created = await first.call('POST', '/clients', { name: 'lost-news', tags: ['before'] }, bearer(first));
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await eventually(
      async () =>
        (await first.store.readStream(`client-${id}`)).some((e) => e.type === 'CertificateIssued') ? true : undefined,
      15_000,
      'the certificate',
    );
    expect((await first.call('PATCH', `/clients/${id}`, { tags: ['after'] }, bearer(first))).status).toBe(200);
    const left = await first.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'lost-leaver', topics: { insert: 'data' } },
      bearer(first),
    );
    const leaverId = clientIdOf(left.body.url);
    await eventually(
      async () =>
        (await first.store.readStream(`client-${leaverId}`)).some((e) => e.type === 'CertificateIssued')
          ? true
          : undefined,
      15_000,
      "the leaver's certificate",
    );
    expect((await first.call('POST', '/clientcontroller/leave', { name: 'lost-leaver' }, bearer(first))).status).toBe(
      200,
    );
    await eventually(
      async () =>
        (await first.store.readStream(`client-${leaverId}`)).some((e) => e.type === 'CertificateRevoked')
          ? true
          : undefined,
      15_000,
      'the revocation',
    );
    await eventually(
      async () => ((await first.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    expect(await first.ds.query(`SELECT count(*)::int AS n FROM rm_clients`)).toEqual([{ n: 0 }]);
    await first.stopApp();
    await deleteStream(first.env.NATS_URL, first.bus.streamName);

    second = await startCertplane({
      database: first.db,
      bus: first.bus,
      workers: ['projector'],
      env: { CERTPLANE_RECONCILE_AFTER_MS: '1000' },
    });
    const h = second;
    const row = await eventually(
      async () => {
        const [c] = await h.ds.query(`SELECT tags, certificate_serial FROM rm_clients WHERE client_id = $1`, [id]);
        return c?.certificate_serial ? c : undefined;
      },
      20_000,
      'the client in the read model',
    );
    expect(row.tags).toEqual(['after']);
    const leaver = await eventually(
      async () => {
        const [c] = await h.ds.query(
          `SELECT c.status, rc.status AS certificate_status, rc.revocation_reason FROM rm_clients c JOIN rm_certificates rc ON rc.serial_number = c.certificate_serial WHERE c.client_id = $1`,
          [leaverId],
        );
        return c?.certificate_status === 'revoked' ? c : undefined;
      },
      20_000,
      "the leaver's revocation in the read model",
    );
    expect(leaver).toMatchObject({
      status: 'removed',
      certificate_status: 'revoked',
      revocation_reason: 'cessationOfOperation',
    });
    // Every projection reached each stream's head, and the metric says how.
    const behind = await h.ds.query(
      `SELECT count(*)::int AS n FROM streams s JOIN projection_stream_versions v ON v.stream_id = s.stream_id WHERE v.version < s.version`,
    );
    expect(behind).toEqual([{ n: 0 }]);
    // The reconciler counts a stream once its catch-up has committed, so a moment after the rows show it.
    const caughtUp = async () =>
      (await h.app.get(CertplaneMetrics).projectionsCaughtUp.get()).values.reduce((n, v) => n + v.value, 0);
    expect(
      await eventually(async () => ((await caughtUp()) >= 2 ? caughtUp() : undefined), 10_000, 'the catch-ups counted'),
    ).toBeGreaterThanOrEqual(2);
  });
});

/**
 * The stream deleted under a running deployment: the bus makes it again on the next publish or
 * pull, the consumers come back, and the reconcilers re-drive from the store what it held.
 */
describe('faults: the stream deleted while certplane runs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_RECONCILE_AFTER_MS: '1000' } });
  });
  afterAll(() => h?.stop());

  const enrol = async (name: string) => {
    const r = await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h));
    expect(r.status).toBe(200);
    return r.body.url as string;
  };
  const details = (secret: string) =>
    eventually(
      async () => {
        const d = await h.call('GET', `/informationservice/details/${secret}`);
        return d.status === 200 ? d.body : undefined;
      },
      30_000,
      'details with a certificate',
    );

  it('goes on issuing without a restart, and loses nothing it had accepted', async () => {
    await details(await enrol('before-loss'));
    await deleteStream(h.env.NATS_URL, h.bus.streamName);
    const after = await Promise.all(['after-loss-1', 'after-loss-2', 'after-loss-3'].map(enrol));
    for (const secret of after) expect((await details(secret)).cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect((await h.call('POST', '/clientcontroller/leave', { name: 'after-loss-1' }, bearer(h))).status).toBe(200);
    const leaver = clientIdOf(after[0]);
    await eventually(
      async () => {
        const [c] = await h.ds.query(
          `SELECT rc.status FROM rm_clients c JOIN rm_certificates rc ON rc.serial_number = c.certificate_serial WHERE c.client_id = $1`,
          [leaver],
        );
        return c?.status === 'revoked' ? true : undefined;
      },
      30_000,
      "the leaver's certificate revoked in the read model",
    );
    for (const secret of after.slice(1)) {
      expect(
        (await h.store.readStream(`client-${clientIdOf(secret)}`)).filter((e) => e.type === 'CertificateIssued'),
      ).toHaveLength(1);
    }
  });
});
