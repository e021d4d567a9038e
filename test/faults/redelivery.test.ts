import { randomUUID } from 'node:crypto';
import { StoredEvent, toOutgoingMessage } from '@certplane/event-store';
import { IssueCertificateHandler } from '@certplane/issuance';
import { CertplaneMetrics } from '@certplane/observability';
import { ALL_PROJECTIONS, Projector } from '@certplane/projections';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { publishRaw, waitForDurablesCaughtUp } from '../support/jetstream-inspect';
import { sleep } from '../support/wait';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

/**
 * The bus delivers at least once: the same event may arrive twice, out of order, or at two
 * workers sharing a durable. Whatever happens, one enrolment ends in one certificate and one set
 * of read-model rows.
 */

const enrol = async (h: Harness, name: string, extra: Record<string, unknown> = {}): Promise<string> => {
  const r = await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' }, ...extra }, bearer(h));
  if (r.status !== 200) throw new Error(`enrol ${name}: ${r.status} ${r.text}`);
  secrets.set(clientIdOf(r.body.url), r.body.url);
  return clientIdOf(r.body.url);
};
/** Details secrets by client id: details takes the secret, everything else the id. */
const secrets = new Map<string, string>();

const streamOf = (h: Harness, clientId: string) => h.store.readStream(`client-${clientId}`);

const waitForTypes = (h: Harness, clientId: string, types: string[], timeoutMs = 15_000) =>
  eventually(
    async () => {
      const events = await streamOf(h, clientId);
      return events.length >= types.length ? events : undefined;
    },
    timeoutMs,
    `${types.join(', ')} of client ${clientId}`,
  );

const bothDurablesCaughtUp = (h: Harness, minSeq: number, durables = ['cert-issuer', 'projector']) =>
  waitForDurablesCaughtUp(h.env.NATS_URL, h.bus.streamName, durables, { minSeq });

describe('faults: the same ClientEnrolled delivered more than once', () => {
  let h: Harness;
  beforeAll(async () => {
    // A short duplicate window, so that a test can re-publish an event under its own id as a sweep past the window would.
    h = await startCertplane({ env: { CERTPLANE_NATS_DUPLICATE_WINDOW_MS: '1000' } });
  });
  afterAll(() => h?.stop());

  const republish = async (e: StoredEvent, msgId: string) => {
    const ack = await publishRaw(h.env.NATS_URL, toOutgoingMessage(e, h.bus.subjectPrefix), msgId);
    expect(ack.duplicate).toBe(false);
    return ack.seq;
  };

  it('issues one certificate when the enrolment is re-published under its own id after the duplicate window', async () => {
    const clientId = await enrol(h, 'dup-after');
    const [enrolled] = await waitForTypes(h, clientId, ['ClientEnrolled', 'CertificateIssued']);
    expect(enrolled.type).toBe('ClientEnrolled');
    await sleep(1_100);
    const seq = await republish(enrolled, enrolled.eventId);
    await bothDurablesCaughtUp(h, seq);

    const events = await streamOf(h, clientId);
    expect(events.map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    expect(await h.ds.query(`SELECT client_id FROM rm_certificates WHERE client_id = $1`, [clientId])).toHaveLength(1);
    const [client] = await h.ds.query(`SELECT certificate_serial FROM rm_clients WHERE client_id = $1`, [clientId]);
    expect(client.certificate_serial).toBe((events[1].data as { serialNumber: string }).serialNumber);
    expect(await h.ds.query(`SELECT serial_number FROM client_keys WHERE client_id = $1`, [clientId])).toEqual([
      { serial_number: client.certificate_serial },
    ]);
    // The relay's own message, again: news of a stored event, handled (to no effect), not rejected.
    expect((await h.app.get(CertplaneMetrics).busMessagesRejected.get()).values).toEqual([]);
    const handled = (await h.app.get(CertplaneMetrics).eventsHandled.get()).values.find(
      (v) => v.labels.consumer === 'cert-issuer' && v.labels.type === 'ClientEnrolled' && v.labels.outcome === 'ok',
    );
    expect(handled?.value).toBe(2);
  });

  it('issues one certificate when copies under new ids arrive together with the original (rejected, not handled)', async () => {
    const clientId = await enrol(h, 'dup-together');
    // Straight after the commit: the relay is publishing the original right now.
    const [enrolled] = await h.store.readStream(`client-${clientId}`);
    const seqs = await Promise.all([
      republish(enrolled, randomUUID()),
      republish(enrolled, randomUUID()),
      republish(enrolled, randomUUID()),
    ]);
    await waitForTypes(h, clientId, ['ClientEnrolled', 'CertificateIssued']);
    await bothDurablesCaughtUp(h, Math.max(...seqs));

    const events = await streamOf(h, clientId);
    expect(events.map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    const certs = await h.ds.query(`SELECT serial_number FROM rm_certificates WHERE client_id = $1`, [clientId]);
    expect(certs).toEqual([{ serial_number: (events[1].data as { serialNumber: string }).serialNumber }]);
    // The key kept is the one of the certificate that was recorded, not a loser's.
    expect(await h.ds.query(`SELECT serial_number FROM client_keys WHERE client_id = $1`, [clientId])).toEqual(certs);
    const details = await h.call('GET', `/informationservice/details/${secrets.get(clientId)}`);
    expect(details.status).toBe(200);
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM dead_letters`)).toEqual([{ n: 0 }]);
    // Each copy reached both consumers, and each turned it away.
    const rejected = (await h.app.get(CertplaneMetrics).busMessagesRejected.get()).values;
    expect(rejected.map((v) => `${v.labels.consumer}:${v.labels.reason}=${v.value}`).sort()).toEqual([
      'cert-issuer:republished=3',
      'projector:republished=3',
    ]);
  });
});

describe('faults: the projector applies each event once, in stream order, whatever the delivery', () => {
  let h: Harness;
  let projector: Projector;

  beforeAll(async () => {
    // No live projector on the bus: only the test feeds this one.
    h = await startCertplane({ workers: ['cert-issuer'] });
    projector = new Projector(h.ds, h.store, ALL_PROJECTIONS());
  });
  afterAll(() => h?.stop());

  const rowsOf = async (clientId: string) => ({
    clients: await h.ds.query(`SELECT * FROM rm_clients WHERE client_id = $1`, [clientId]),
    certificates: await h.ds.query(`SELECT * FROM rm_certificates WHERE client_id = $1 ORDER BY serial_number`, [
      clientId,
    ]),
    checkpoints: await h.ds.query(
      `SELECT projection, version FROM projection_stream_versions WHERE stream_id = $1 ORDER BY projection`,
      [`client-${clientId}`],
    ),
  });

  /** Enrolled, issued, left and revoked: four events, none of them projected yet. */
  const fullLife = async (name: string): Promise<StoredEvent[]> => {
    const clientId = await enrol(h, name);
    await waitForTypes(h, clientId, ['ClientEnrolled', 'CertificateIssued']);
    expect((await h.call('POST', '/clientcontroller/leave', { name }, bearer(h))).status).toBe(200);
    const events = await waitForTypes(h, clientId, [
      'ClientEnrolled',
      'CertificateIssued',
      'ClientRemoved',
      'CertificateRevoked',
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientRemoved',
      'CertificateRevoked',
    ]);
    expect(await rowsOf(clientId)).toEqual({ clients: [], certificates: [], checkpoints: [] });
    return events;
  };

  const expectFinalRows = async (events: StoredEvent[]) => {
    const clientId = (events[0].data as { clientId: string }).clientId;
    const issued = events[1].data as { serialNumber: string; certificatePem: string };
    const rows = await rowsOf(clientId);
    expect(rows.clients).toEqual([
      expect.objectContaining({
        client_id: clientId,
        status: 'removed',
        certificate_serial: issued.serialNumber,
        certificate_pem: issued.certificatePem,
        updated_at: events[3].recordedAt,
      }),
    ]);
    expect(rows.certificates).toEqual([
      expect.objectContaining({
        serial_number: issued.serialNumber,
        client_id: clientId,
        status: 'revoked',
        revocation_reason: 'cessationOfOperation',
      }),
    ]);
    expect(rows.checkpoints).toEqual([
      { projection: 'certificates', version: 4 },
      { projection: 'clients', version: 4 },
    ]);
    return rows;
  };

  it('changes nothing when an event is applied a second time', async () => {
    const events = await fullLife('twice');
    const clientId = (events[0].data as { clientId: string }).clientId;
    expect(await projector.project(events[0])).toEqual({ applied: 2 });
    expect(await projector.project(events[1])).toEqual({ applied: 2 });
    const afterTwo = await rowsOf(clientId);
    expect(afterTwo.clients[0]).toMatchObject({ status: 'enabled', certificate_serial: expect.any(String) });
    expect(afterTwo.certificates).toHaveLength(1);

    // Again, and older than the checkpoint: nothing is applied and no row changes.
    expect(await projector.project(events[1])).toEqual({ applied: 0 });
    expect(await projector.project(events[0])).toEqual({ applied: 0 });
    expect(await rowsOf(clientId)).toEqual(afterTwo);

    for (const e of events.slice(2)) await projector.project(e);
    const final = await expectFinalRows(events);
    for (const e of [...events].reverse()) expect(await projector.project(e)).toEqual({ applied: 0 });
    expect(await rowsOf(clientId)).toEqual(final);
  });

  it('catches a stream up from the event store when a later version comes first', async () => {
    const events = await fullLife('late-first');
    // Version 4 first: versions 1-3 are read from the store and applied before it, in order.
    expect(await projector.project(events[3])).toEqual({ applied: 8 });
    const rows = await expectFinalRows(events);
    // The earlier versions then arrive late and change nothing.
    for (const e of events.slice(0, 3)) expect(await projector.project(e)).toEqual({ applied: 0 });
    expect(await rowsOf((events[0].data as { clientId: string }).clientId)).toEqual(rows);
  });

  it('fills a gap in the middle of a stream', async () => {
    const events = await fullLife('gap');
    expect(await projector.project(events[0])).toEqual({ applied: 2 });
    // Version 3 without version 2: the certificate must still land in both read models.
    expect(await projector.project(events[2])).toEqual({ applied: 4 });
    const clientId = (events[0].data as { clientId: string }).clientId;
    const mid = await rowsOf(clientId);
    expect(mid.clients[0]).toMatchObject({
      status: 'removed',
      certificate_serial: (events[1].data as { serialNumber: string }).serialNumber,
    });
    expect(mid.certificates[0]).toMatchObject({ status: 'valid' });
    expect(await projector.project(events[1])).toEqual({ applied: 0 });
    expect(await projector.project(events[3])).toEqual({ applied: 2 });
    await expectFinalRows(events);
  });

  it('projects events handed in together in one transaction: in stream order, each once, gaps caught up', async () => {
    const a = await fullLife('batch-a');
    const b = await fullLife('batch-b');
    // Shuffled, duplicated and interleaved, as concurrent deliveries hand them in while a transaction runs.
    const deliveries = [b[1], a[1], a[0], b[0], a[0], a[2], b[3], a[3], b[2]];
    const results = await Promise.all(deliveries.map((e) => projector.project(e)));
    // Four events of each client into two projections, each applied exactly once.
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(16);
    await expectFinalRows(a);
    await expectFinalRows(b);
    for (const e of deliveries) expect(await projector.project(e)).toEqual({ applied: 0 });
  });

  it('changes nothing when the bus then delivers everything again to the live projector', async () => {
    // The clients' checkpoints: the live projector also projects, for the first time, start-up's record of the CA.
    const CLIENT_CHECKPOINTS = `SELECT * FROM projection_stream_versions WHERE stream_id LIKE 'client-%' ORDER BY projection, stream_id`;
    const before = {
      clients: await h.ds.query(`SELECT * FROM rm_clients ORDER BY client_id`),
      certificates: await h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`),
      checkpoints: await h.ds.query(CLIENT_CHECKPOINTS),
    };
    expect(before.clients).toHaveLength(5);
    // A live projector on the same deployment: its durable starts at the beginning of the stream.
    const live = await startCertplane({ database: h.db, bus: h.bus, workers: ['projector'] });
    try {
      await bothDurablesCaughtUp(live, 0, ['projector']);
      expect({
        clients: await h.ds.query(`SELECT * FROM rm_clients ORDER BY client_id`),
        certificates: await h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`),
        checkpoints: await h.ds.query(CLIENT_CHECKPOINTS),
      }).toEqual(before);
    } finally {
      await live.stopApp();
    }
  });
});

describe('faults: two cert-issuer processes on one durable consumer', () => {
  let a: Harness;
  let b: Harness;
  const issuedBy = { a: [] as string[], b: [] as string[] };
  let handled = 0;

  const count = (h: Harness, into: string[]) => {
    const handler = h.app.get(IssueCertificateHandler);
    const original = handler.handle.bind(handler);
    handler.handle = async (clientId, cause) => {
      handled++;
      const r = await original(clientId, cause);
      if (r.issued) into.push(clientId);
      return r;
    };
  };

  beforeAll(async () => {
    // A small pull per process, so both take part in the 30.
    const env = { CERTPLANE_CONSUMER_CONCURRENCY: '2' };
    a = await startCertplane({ env });
    b = await startCertplane({ workers: ['cert-issuer'], database: a.db, bus: a.bus, env });
    count(a, issuedBy.a);
    count(b, issuedBy.b);
  });
  afterAll(async () => {
    await b?.stopApp();
    await a?.stop();
  });

  it('issues exactly one certificate for each of 30 enrolments, none twice', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => enrol(a, `pair-${i}`)));
    expect(new Set(ids).size).toBe(30);
    await eventually(
      async () => {
        const [{ n }] = await a.ds.query(`SELECT count(*)::int AS n FROM events WHERE type = 'CertificateIssued'`);
        return n >= 30 ? true : undefined;
      },
      30_000,
      '30 CertificateIssued events',
    );
    await bothDurablesCaughtUp(a, 0);

    const issued = await a.ds.query(
      `SELECT stream_id, data->>'serialNumber' AS serial FROM events WHERE type = 'CertificateIssued'`,
    );
    expect(issued).toHaveLength(30);
    expect(new Set(issued.map((r: any) => r.stream_id))).toEqual(new Set(ids.map((id) => `client-${id}`)));
    expect(new Set(issued.map((r: any) => r.serial)).size).toBe(30);
    for (const id of ids)
      expect((await streamOf(a, id)).map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    expect(await a.ds.query(`SELECT count(*)::int AS n FROM client_keys`)).toEqual([{ n: 30 }]);

    // One durable is one work queue: each enrolment reached one process once, and both processes did some.
    expect(handled).toBe(30);
    expect([...issuedBy.a, ...issuedBy.b].sort()).toEqual([...ids].sort());
    expect(issuedBy.a.length).toBeGreaterThan(0);
    expect(issuedBy.b.length).toBeGreaterThan(0);

    await eventually(
      async () => {
        const [{ n }] = await a.ds.query(`SELECT count(*)::int AS n FROM rm_certificates`);
        return n === 30 ? true : undefined;
      },
      10_000,
      '30 rows in rm_certificates',
    );
    const rm = await a.ds.query(`SELECT client_id, count(*)::int AS n FROM rm_certificates GROUP BY client_id`);
    expect(rm).toHaveLength(30);
    expect(rm.every((r: any) => r.n === 1)).toBe(true);
    for (const id of ids.slice(0, 5))
      expect((await a.call('GET', `/informationservice/details/${secrets.get(id)}`)).status).toBe(200);
  });
});
