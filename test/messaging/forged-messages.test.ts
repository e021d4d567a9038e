import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { StoredEvent, toOutgoingMessage } from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { publishRaw, waitForDurablesCaughtUp } from '../support/jetstream-inspect';
import { crlSerialsAt, ocspStatus } from '../support/revocation-status';
import { enrolClient } from '../pki/relying-party';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * Anyone who can publish on the NATS server can put any message on certplane's stream. The event
 * store is the truth: a message that is not the relay's message of a stored event changes no read
 * model and no stream, is acknowledged rather than redelivered, and is counted by reason.
 */
describe('messages on the bus that are not news of a stored event (real NATS and Postgres)', () => {
  let h: Harness;
  let dir: string;
  let caFile: string;

  beforeAll(async () => {
    h = await startCertplane();
    dir = mkdtempSync(join(tmpdir(), 'cp-forged-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, (await h.call('GET', '/pki/ca')).text);
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const streamOf = (clientId: string) => `client-${clientId}`;

  /** Everything a forged message could have changed about one client. */
  const stateOf = async (clientId: string) => ({
    events: (await h.store.readStream(streamOf(clientId))).map((e) => ({
      eventId: e.eventId,
      type: e.type,
      version: e.streamVersion,
      data: e.data,
    })),
    clients: await h.ds.query(`SELECT * FROM rm_clients WHERE client_id = $1`, [clientId]),
    certificates: await h.ds.query(`SELECT * FROM rm_certificates WHERE client_id = $1 ORDER BY serial_number`, [
      clientId,
    ]),
    checkpoints: await h.ds.query(
      `SELECT projection, version FROM projection_stream_versions WHERE stream_id = $1 ORDER BY projection`,
      [streamOf(clientId)],
    ),
    deadLetters: await h.ds.query(`SELECT count(*)::int AS n FROM dead_letters`),
    storeSize: await h.store.count(),
  });

  const rejected = async (reason: string): Promise<number> => {
    const metric = h.app.get(CertplaneMetrics).registry.getSingleMetric('certplane_bus_messages_rejected_total');
    const values = metric ? (await metric.get()).values : [];
    return values.filter((v) => v.labels.reason === reason).reduce((n, v) => n + v.value, 0);
  };

  /** Publishes as an outsider would (a raw JetStream client) and waits until the durables have settled it. */
  const publish = async (e: StoredEvent, msgId: string, durables: string[]) => {
    const ack = await publishRaw(h.env.NATS_URL, toOutgoingMessage(e, h.bus.subjectPrefix), msgId);
    expect(ack.duplicate).toBe(false);
    await waitForDurablesCaughtUp(h.env.NATS_URL, h.bus.streamName, durables, { minSeq: ack.seq });
  };

  /** A message the relay never sent: an event id the store does not hold, claiming `claim`. */
  const forgery = (claim: Pick<StoredEvent, 'streamId' | 'streamVersion' | 'type' | 'data'>): StoredEvent => {
    const eventId = randomUUID();
    return {
      position: '999999',
      transactionId: '999999',
      eventId,
      schemaVersion: 1,
      metadata: { eventId, correlationId: randomUUID(), actor: 'token:default', timestamp: new Date().toISOString() },
      recordedAt: new Date(),
      ...claim,
    };
  };

  /** An enrolled and issued client, its two stored events, and the state no message may change. */
  const issuedClient = async (name: string) => {
    const client = await enrolClient(h, dir, name);
    const clientId = clientIdOf(client.id);
    const [enrolled, issued] = await h.store.readStream(streamOf(clientId));
    return { client, clientId, enrolled, issued, before: await stateOf(clientId) };
  };

  it("(a) forged ClientUpdated claiming a client's next versions change nothing, and a delete then revokes as the store says", async () => {
    const { client, clientId, before } = await issuedClient('forged-a');
    expect(before.events.map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    const unknown = await rejected('unknown_event');

    for (const version of [3, 4]) {
      const forged = forgery({
        streamId: streamOf(clientId),
        streamVersion: version,
        type: 'ClientUpdated',
        data: { clientId, name: `forged-${version}` },
      });
      await publish(forged, forged.eventId, ['projector']);
    }
    expect(await stateOf(clientId)).toEqual(before);
    expect(await rejected('unknown_event')).toBe(unknown + 2);

    expect((await h.call('DELETE', `/clients/${clientId}`, undefined, bearer(h))).status).toBe(204);
    const events = await eventually(
      async () => {
        const e = await h.store.readStream(streamOf(clientId));
        return e.length >= 4 ? e : undefined;
      },
      15_000,
      'the delete and the revocation in the store',
    );
    expect(events.map((e) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientDeleted',
      'CertificateRevoked',
    ]);
    await eventually(
      async () => {
        const [cert] = await h.ds.query(`SELECT status FROM rm_certificates WHERE serial_number = $1`, [
          client.serialNumber,
        ]);
        return cert?.status === 'revoked' ? true : undefined;
      },
      15_000,
      'the revocation in the read model',
    );
    const [row] = await h.ds.query(`SELECT status, name FROM rm_clients WHERE client_id = $1`, [clientId]);
    expect(row).toEqual({ status: 'removed', name: 'forged-a' });
    expect(await ocspStatus(h.url, caFile, client.certFile)).toBe('revoked');
    expect(await crlSerialsAt(h.url, dir)).toContain(client.serialNumber);
  });

  it('(b) a stored event with its body or its claim altered changes nothing', async () => {
    const { client, clientId, enrolled, issued, before } = await issuedClient('forged-b');
    const mismatch = await rejected('mismatch');

    // The same id, stream, version and type with another body; then the issued event's id claiming
    // the next version as a disable, which the projector would apply and the issuer revoke on. A
    // message id of their own, or JetStream would drop them as duplicates inside its window.
    await publish({ ...enrolled, data: { ...(enrolled.data as object), name: 'forged-b-renamed' } }, randomUUID(), [
      'projector',
      'cert-issuer',
    ]);
    await publish({ ...issued, streamVersion: 3, type: 'ClientDisabled', data: { clientId } }, randomUUID(), [
      'projector',
      'cert-issuer',
    ]);

    expect(await stateOf(clientId)).toEqual(before);
    // Each consumer that takes a message counts it: both take both.
    expect(await rejected('mismatch')).toBe(mismatch + 4);
    expect(await ocspStatus(h.url, caFile, client.certFile)).toBe('good');
  });

  it('(c) a stored event re-published under a message id of its own changes nothing', async () => {
    const { clientId, enrolled, issued, before } = await issuedClient('forged-c');
    const republished = await rejected('republished');

    await publish(enrolled, randomUUID(), ['projector', 'cert-issuer']);
    await publish(issued, randomUUID(), ['projector']);

    expect(await stateOf(clientId)).toEqual(before);
    // Both consumers take ClientEnrolled, only the projector CertificateIssued.
    expect(await rejected('republished')).toBe(republished + 3);
  });

  it('(d) a forged ClientEnrolled of a new stream: no certificate, no client, nothing stored', async () => {
    const clientId = randomBytes(16).toString('hex');
    const unknown = await rejected('unknown_event');
    const issuedBefore = (await h.app.get(CertplaneMetrics).certificatesIssued.get()).values[0]?.value ?? 0;

    const forged = forgery({
      streamId: streamOf(clientId),
      streamVersion: 1,
      type: 'ClientEnrolled',
      data: { clientId, name: 'forged-d', topics: { insert: 'data' } },
    });
    await publish(forged, forged.eventId, ['projector', 'cert-issuer']);

    expect(await stateOf(clientId)).toMatchObject({
      events: [],
      clients: [],
      certificates: [],
      checkpoints: [],
      deadLetters: [{ n: 0 }],
    });
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [clientId])).toEqual([
      { n: 0 },
    ]);
    expect((await h.app.get(CertplaneMetrics).certificatesIssued.get()).values[0]?.value ?? 0).toBe(issuedBefore);
    expect(await rejected('unknown_event')).toBe(unknown + 2);
  });
});
