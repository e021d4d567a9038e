import fc from 'fast-check';
import { TunnelMetricsStore } from './tunnel-metrics.store';
import { TunnelStatusReport } from './status-report';

const r = (over: Partial<TunnelStatusReport> = {}): TunnelStatusReport => ({
  server: 'default', seq: 1, sentAt: '2026-01-01T00:00:00.000Z', connectedClients: 0, rxBytes: 0, txBytes: 0, tcpConnections: 0, ...over,
});

describe('TunnelMetricsStore: the five-minute window', () => {
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');

  it('answers rates as window sums over 300 seconds', () => {
    let now = t0;
    const store = new TunnelMetricsStore(() => now);
    store.record('t', r({ rxBytes: 3000, txBytes: 600, tcpConnections: 30 }));
    now += 10_000;
    store.record('t', r({ seq: 2, rxBytes: 3000, txBytes: 0, tcpConnections: 0 }));
    expect(store.status('t').metrics).toEqual({ rx: 6000 / 300, tx: 600 / 300, tcpConnectionRate: 30 / 300 });
    expect(store.status('unknown')).toEqual({ connectedClients: 0, metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 } });
  });

  it('counts a report for exactly 300 seconds after the second it arrived in', () => {
    let now = t0 + 500;
    const store = new TunnelMetricsStore(() => now);
    store.record('t', r({ rxBytes: 300 }));
    now = t0 + 299_999;
    expect(store.status('t').metrics.rx).toBe(1);
    now = t0 + 300_000;
    expect(store.status('t').metrics.rx).toBe(0);
  });

  it('matches a brute-force sum for any sequence of reports and query time', () => {
    const event = fc.record({ at: fc.integer({ min: 0, max: 900_000 }), rx: fc.nat(1e9), tx: fc.nat(1e9), conns: fc.nat(1e4) });
    fc.assert(fc.property(fc.array(event, { maxLength: 200 }), fc.integer({ min: 0, max: 1_000_000 }), (events, queryAt) => {
      const sorted = [...events].sort((a, b) => a.at - b.at);
      let now = t0;
      const store = new TunnelMetricsStore(() => now);
      for (const e of sorted) {
        now = t0 + e.at;
        store.record('t', r({ rxBytes: e.rx, txBytes: e.tx, tcpConnections: e.conns }));
      }
      now = Math.max(now, t0 + queryAt);
      const nowS = Math.floor(now / 1000);
      const inWindow = sorted.filter((e) => Math.floor((t0 + e.at) / 1000) > nowS - 300);
      const sum = (k: 'rx' | 'tx' | 'conns') => inWindow.reduce((a, e) => a + e[k], 0);
      const m = store.status('t').metrics;
      return m.rx === sum('rx') / 300 && m.tx === sum('tx') / 300 && m.tcpConnectionRate === sum('conns') / 300;
    }));
  });

  it('sums connectedClients over servers, newest report per server, forgetting silent servers after the window', () => {
    let now = t0;
    const store = new TunnelMetricsStore(() => now);
    store.record('t', r({ server: 'a', seq: 2, sentAt: '2026-01-01T00:00:02.000Z', connectedClients: 3 }));
    store.record('t', r({ server: 'a', seq: 1, sentAt: '2026-01-01T00:00:01.000Z', connectedClients: 9 }));
    store.record('t', r({ server: 'b', seq: 1, connectedClients: 4 }));
    expect(store.status('t').connectedClients).toBe(7);
    now = t0 + 200_000;
    store.record('t', r({ server: 'b', seq: 2, sentAt: '2026-01-01T00:03:20.000Z', connectedClients: 1 }));
    now = t0 + 301_000;
    expect(store.status('t').connectedClients).toBe(1);
    now = t0 + 600_000;
    expect(store.status('t').connectedClients).toBe(0);
    store.prune();
    expect(store.size).toBe(0);
  });
});
