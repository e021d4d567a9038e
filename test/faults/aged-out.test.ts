import { jetstreamManager } from '@nats-io/jetstream';
import { CertplaneMetrics } from '@certplane/observability';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { withNats } from '../support/nats-admin';

jest.setTimeout(90_000);

const ENROLMENTS = 4;
// The shortest age the settings allow beside the shortest duplicate window.
const RETENTION = { CERTPLANE_NATS_MAX_AGE: '2s', CERTPLANE_NATS_DUPLICATE_WINDOW_MS: '1000' };

/**
 * Retention limits are allowed because recovery from the store exists: messages that age out of
 * the stream before any consumer read them are re-driven by the reconcilers, so the certificates
 * and the read models still end where the store says.
 */
describe('faults: messages past the stream’s max age before any consumer read them', () => {
  let first: Harness;
  let second: Harness | undefined;

  beforeAll(async () => {
    // The api alone: no durable consumer holds the messages back from their age limit.
    first = await startCertplane({ workers: [], env: RETENTION });
  });
  afterAll(async () => {
    await second?.stopApp();
    await first?.stop();
  });

  const streamInfo = (h: Harness) =>
    withNats(h.env.NATS_URL, async (nc) => (await jetstreamManager(nc)).streams.info(h.bus.streamName));

  it('issues every enrolment once and projects it, all from the store', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < ENROLMENTS; i++) {
      const r = await first.call(
        'POST',
        '/clientcontroller/enrol',
        { name: `aged-${i}`, topics: { insert: 'data' } },
        bearer(first),
      );
      expect(r.status).toBe(200);
      secrets.push(r.body.url);
    }
    await eventually(
      async () => ((await first.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    const info = await streamInfo(first);
    expect(info.config.max_age).toBe(2_000_000_000);
    await eventually(
      async () => {
        const { state } = await streamInfo(first);
        return state.messages === 0 && state.last_seq >= ENROLMENTS ? true : undefined;
      },
      15_000,
      'the messages to age out',
    );
    await first.stopApp();

    second = await startCertplane({
      database: first.db,
      bus: first.bus,
      env: { ...RETENTION, CERTPLANE_API_TOKEN: first.token, CERTPLANE_RECONCILE_AFTER_MS: '1000' },
    });
    const h = second;
    for (const secret of secrets) {
      const clientId = clientIdOf(secret);
      await eventually(
        async () => ((await h.call('GET', `/informationservice/details/${secret}`)).status === 200 ? true : undefined),
        30_000,
        `details of ${clientId}`,
      );
      expect((await h.store.readStream(`client-${clientId}`)).map((e) => e.type)).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
      ]);
    }
    const [clients] = await h.ds.query(`SELECT count(*)::int AS n FROM rm_clients`);
    expect(clients.n).toBe(ENROLMENTS);
    const redriven = (await h.app.get(CertplaneMetrics).issuanceRedriven.get()).values;
    expect(redriven).toEqual([{ labels: { type: 'ClientEnrolled', outcome: 'issued' }, value: ENROLMENTS }]);
  });
});
