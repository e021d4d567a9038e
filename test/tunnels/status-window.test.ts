import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  encodeStatusReport,
  signStatusReport,
  STATUS_SIGNATURE_HEADER,
  TunnelCredentialCache,
  TunnelMetricsStore,
  TunnelStatusReceiver,
  TunnelStatusReport,
  TunnelStatusReportInput,
} from '@certplane/tunnel-status';
import { createMigratedDataSource } from '../support/test-database';

/** The five-minute window and the receiver in front of it, on a real Postgres (tunnel_status_reports). */
let ds: DataSource;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ ds, close } = await createMigratedDataSource('tunnelwindow'));
});
afterAll(() => close());

const r = (over: Partial<TunnelStatusReport> = {}): TunnelStatusReport => ({
  server: 'default',
  seq: 1,
  sentAt: '2026-01-01T00:00:00.000Z',
  connectedClients: 0,
  rxBytes: 0,
  txBytes: 0,
  tcpConnections: 0,
  ...over,
});

describe('TunnelMetricsStore: the five-minute window in Postgres', () => {
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');

  it('answers rates as window sums over 300 seconds, and the same from a second store on the same rows', async () => {
    let now = t0;
    const store = new TunnelMetricsStore(ds, () => now);
    const t = randomUUID();
    expect(await store.record(t, 's1', r({ rxBytes: 3000, txBytes: 600, tcpConnections: 30 }))).toBe(true);
    now += 10_000;
    expect(await store.record(t, 's2', r({ seq: 2, rxBytes: 3000, txBytes: 0, tcpConnections: 0 }))).toBe(true);
    expect((await store.status(t)).metrics).toEqual({ rx: 6000 / 300, tx: 600 / 300, tcpConnectionRate: 30 / 300 });
    // Another replica, started just now, answers the whole window.
    expect(await new TunnelMetricsStore(ds, () => now).status(t)).toEqual(await store.status(t));
    expect(await store.status(randomUUID())).toEqual({
      connectedClients: 0,
      metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 },
    });
  });

  it('records a signature once per tunnel', async () => {
    const store = new TunnelMetricsStore(ds, () => t0);
    const t = randomUUID();
    expect(await store.record(t, 'same', r({ rxBytes: 300 }))).toBe(true);
    expect(await store.record(t, 'same', r({ rxBytes: 300 }))).toBe(false);
    expect(await store.record(randomUUID(), 'same', r({ rxBytes: 300 }))).toBe(true);
    expect((await store.status(t)).metrics.rx).toBe(1);
  });

  it('counts a report for exactly 300 seconds after the second it arrived in', async () => {
    let now = t0 + 500;
    const store = new TunnelMetricsStore(ds, () => now);
    const t = randomUUID();
    await store.record(t, 's', r({ rxBytes: 300 }));
    now = t0 + 299_999;
    expect((await store.status(t)).metrics.rx).toBe(1);
    now = t0 + 300_000;
    expect((await store.status(t)).metrics.rx).toBe(0);
  });

  it('matches a brute-force sum for any sequence of reports and query time', async () => {
    const event = fc.record({
      at: fc.integer({ min: 0, max: 900_000 }),
      rx: fc.nat(1e9),
      tx: fc.nat(1e9),
      conns: fc.nat(1e4),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 60 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (events, queryAt) => {
          const sorted = [...events].sort((a, b) => a.at - b.at);
          let now = t0;
          const store = new TunnelMetricsStore(ds, () => now);
          const t = randomUUID();
          let i = 0;
          for (const e of sorted) {
            now = t0 + e.at;
            await store.record(t, `s${i++}`, r({ rxBytes: e.rx, txBytes: e.tx, tcpConnections: e.conns }));
          }
          now = Math.max(now, t0 + queryAt);
          const nowS = Math.floor(now / 1000);
          const inWindow = sorted.filter((e) => Math.floor((t0 + e.at) / 1000) > nowS - 300);
          const sum = (k: 'rx' | 'tx' | 'conns') => inWindow.reduce((a, e) => a + e[k], 0);
          const m = (await store.status(t)).metrics;
          return m.rx === sum('rx') / 300 && m.tx === sum('tx') / 300 && m.tcpConnectionRate === sum('conns') / 300;
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sums connectedClients over servers, newest report per server, forgetting silent servers after the window', async () => {
    let now = t0;
    const store = new TunnelMetricsStore(ds, () => now);
    const t = randomUUID();
    await store.record(t, 'a2', r({ server: 'a', seq: 2, sentAt: '2026-01-01T00:00:02.000Z', connectedClients: 3 }));
    await store.record(t, 'a1', r({ server: 'a', seq: 1, sentAt: '2026-01-01T00:00:01.000Z', connectedClients: 9 }));
    await store.record(t, 'b1', r({ server: 'b', seq: 1, connectedClients: 4 }));
    expect((await store.status(t)).connectedClients).toBe(7);
    now = t0 + 200_000;
    await store.record(t, 'b2', r({ server: 'b', seq: 2, sentAt: '2026-01-01T00:03:20.000Z', connectedClients: 1 }));
    now = t0 + 301_000;
    expect((await store.status(t)).connectedClients).toBe(1);
    now = t0 + 600_000;
    expect((await store.status(t)).connectedClients).toBe(0);
    await store.prune();
    expect(await ds.query(`SELECT 1 FROM tunnel_status_reports WHERE tunnel_id = $1`, [t])).toEqual([]);
  });
});

const PREFIX = 'cp.tunnels';
const subject = `${PREFIX}.ns.web.status`;

describe('TunnelStatusReceiver', () => {
  let now = Date.now();
  const clock = () => now;
  const tunnelId = randomUUID();
  let token = 'a'.repeat(43);
  let lookups = 0;
  const credentials = new TunnelCredentialCache(
    async (ns, name) => {
      lookups++;
      return ns === 'ns' && name === 'web' ? { tunnelId, authToken: token } : undefined;
    },
    5_000,
    clock,
  );
  let metrics: TunnelMetricsStore;
  let receiver: TunnelStatusReceiver;
  beforeAll(() => {
    metrics = new TunnelMetricsStore(ds, clock);
    receiver = new TunnelStatusReceiver({ subjectPrefix: PREFIX, credentials, metrics, clock });
  });
  let seq = 0;
  const report = (over: Partial<TunnelStatusReportInput> = {}) =>
    encodeStatusReport({
      seq: ++seq,
      sentAt: new Date(now).toISOString(),
      connectedClients: 1,
      rxBytes: 100,
      txBytes: 50,
      tcpConnections: 1,
      ...over,
    });
  const signed = (data: Uint8Array, key = token, s = subject) => ({
    subject: s,
    headers: { [STATUS_SIGNATURE_HEADER]: signStatusReport(data, key) },
    data,
  });

  it('records a correctly signed report and counts it', async () => {
    expect(await receiver.receive(signed(report()))).toBe('accepted');
    expect(await metrics.status(tunnelId)).toEqual({
      connectedClients: 1,
      metrics: { rx: 100 / 300, tx: 50 / 300, tcpConnectionRate: 1 / 300 },
    });
  });

  it('drops and counts what it cannot trust, by reason', async () => {
    const data = report();
    expect(await receiver.receive({ subject, headers: {}, data })).toBe('unsigned');
    expect(await receiver.receive(signed(data, 'b'.repeat(43)))).toBe('badSignature');
    expect(await receiver.receive({ subject, headers: { [STATUS_SIGNATURE_HEADER]: 'sha256=zz' }, data })).toBe(
      'badSignature',
    );
    expect(await receiver.receive(signed(data, token, `${PREFIX}.ns.other.status`))).toBe('unknownTunnel');
    expect(await receiver.receive(signed(data, token, `${PREFIX}.NS.web.status`))).toBe('badSubject');
    expect(await receiver.receive(signed(Buffer.from('{"seq":"x"}')))).toBe('malformed');
    expect(await receiver.receive(signed(Buffer.alloc(5000, 32)))).toBe('tooLarge');
    expect(await receiver.receive(signed(report({ sentAt: new Date(now - 61_000).toISOString() })))).toBe('stale');
    const once = signed(report());
    expect(await receiver.receive(once)).toBe('accepted');
    expect(await receiver.receive(once)).toBe('replayed');
    // Taken by another replica: refused there too.
    const other = new TunnelStatusReceiver({
      subjectPrefix: PREFIX,
      credentials,
      metrics: new TunnelMetricsStore(ds, clock),
      clock,
    });
    expect(await other.receive(once)).toBe('replayed');
    expect(receiver.stats()).toEqual({
      accepted: 2,
      dropped: {
        badSubject: 1,
        tooLarge: 1,
        unsigned: 1,
        unknownTunnel: 1,
        badSignature: 2,
        malformed: 1,
        stale: 1,
        replayed: 1,
      },
    });
    expect((await metrics.status(tunnelId)).metrics.rx).toBe(200 / 300);
  });

  it('header names match case-insensitively', async () => {
    const data = report();
    expect(
      await receiver.receive({ subject, headers: { 'certplane-signature': signStatusReport(data, token) }, data }),
    ).toBe('accepted');
  });

  it('uses cached credentials until invalidated, then the current token only', async () => {
    const before = lookups;
    await receiver.receive(signed(report()));
    await receiver.receive(signed(report()));
    expect(lookups).toBe(before);
    const old = token;
    token = 'c'.repeat(43);
    credentials.invalidate('ns', 'web');
    expect(await receiver.receive(signed(report(), old))).toBe('badSignature');
    expect(await receiver.receive(signed(report()))).toBe('accepted');
  });
});
