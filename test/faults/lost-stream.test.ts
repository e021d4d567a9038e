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
      const r = await first.call('POST', '/clientcontroller/enrol', { name: `lost-${i}`, topics: { insert: 'data' } }, bearer(first));
      expect(r.status).toBe(200);
      clients.push(clientIdOf(r.body.url));
      secrets.push(r.body.url);
    }
    await eventually(async () => ((await first.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined), 15_000, 'the outbox to empty');
    await first.stopApp();
    await deleteStream(first.env.NATS_URL, first.bus.streamName);

    // A new stream, empty: no message will ever tell the issuer about these enrolments.
    second = await startCertplane({ database: first.db, bus: first.bus, env: { CERTPLANE_RECONCILE_AFTER_MS: '1000' } });
    const h = second;
    for (const clientId of clients) {
      await eventually(async () => ((await h.store.readStream(`client-${clientId}`)).some((e) => e.type === 'CertificateIssued') ? true : undefined), 20_000, `a certificate for ${clientId}`);
    }
    // Passes go on: a request answered stays answered.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const clientId of clients) {
      expect((await h.store.readStream(`client-${clientId}`)).map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    }
    const redriven = (await h.app.get(CertplaneMetrics).issuanceRedriven.get()).values;
    expect(redriven).toEqual([{ labels: { type: 'ClientEnrolled', outcome: 'issued' }, value: ENROLMENTS }]);
    // And the read models heard of it: details hand out the certificate.
    const details = await h.call('GET', `/informationservice/details/${secrets[0]}`);
    expect(details.status).toBe(200);
    expect(details.body.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
