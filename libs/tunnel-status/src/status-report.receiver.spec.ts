import { TunnelCredentialCache } from './credential-cache';
import { encodeStatusReport, signStatusReport, STATUS_SIGNATURE_HEADER, TunnelStatusReportInput } from './status-report';
import { TunnelStatusReceiver } from './status-report.receiver';
import { TunnelMetricsStore } from './tunnel-metrics.store';

const PREFIX = 'cp.tunnels';
const subject = `${PREFIX}.ns.web.status`;

describe('TunnelStatusReceiver', () => {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = () => now;
  let token = 'a'.repeat(43);
  let lookups = 0;
  const credentials = new TunnelCredentialCache(async (ns, name) => {
    lookups++;
    return ns === 'ns' && name === 'web' ? { tunnelId: 't1', authToken: token } : undefined;
  }, 5_000, clock);
  const metrics = new TunnelMetricsStore(clock);
  const receiver = new TunnelStatusReceiver({ subjectPrefix: PREFIX, credentials, metrics, clock });
  let seq = 0;
  const report = (over: Partial<TunnelStatusReportInput> = {}) => encodeStatusReport({ seq: ++seq, sentAt: new Date(now).toISOString(), connectedClients: 1, rxBytes: 100, txBytes: 50, tcpConnections: 1, ...over });
  const signed = (data: Uint8Array, key = token, s = subject) => ({ subject: s, headers: { [STATUS_SIGNATURE_HEADER]: signStatusReport(data, key) }, data });

  it('records a correctly signed report and counts it', async () => {
    expect(await receiver.receive(signed(report()))).toBe('accepted');
    expect(metrics.status('t1')).toEqual({ connectedClients: 1, metrics: { rx: 100 / 300, tx: 50 / 300, tcpConnectionRate: 1 / 300 } });
  });

  it('drops and counts what it cannot trust, by reason', async () => {
    const data = report();
    expect(await receiver.receive({ subject, headers: {}, data })).toBe('unsigned');
    expect(await receiver.receive(signed(data, 'b'.repeat(43)))).toBe('badSignature');
    expect(await receiver.receive({ subject, headers: { [STATUS_SIGNATURE_HEADER]: 'sha256=zz' }, data })).toBe('badSignature');
    expect(await receiver.receive(signed(data, token, `${PREFIX}.ns.other.status`))).toBe('unknownTunnel');
    expect(await receiver.receive(signed(data, token, `${PREFIX}.NS.web.status`))).toBe('badSubject');
    expect(await receiver.receive(signed(Buffer.from('{"seq":"x"}')))).toBe('malformed');
    expect(await receiver.receive(signed(Buffer.alloc(5000, 32)))).toBe('tooLarge');
    expect(await receiver.receive(signed(report({ sentAt: new Date(now - 61_000).toISOString() })))).toBe('stale');
    const once = signed(report());
    expect(await receiver.receive(once)).toBe('accepted');
    expect(await receiver.receive(once)).toBe('replayed');
    expect(receiver.stats()).toEqual({ accepted: 2, dropped: { badSubject: 1, tooLarge: 1, unsigned: 1, unknownTunnel: 1, badSignature: 2, malformed: 1, stale: 1, replayed: 1 } });
    expect(metrics.status('t1').metrics.rx).toBe(200 / 300);
  });

  it('header names match case-insensitively', async () => {
    const data = report();
    expect(await receiver.receive({ subject, headers: { 'certplane-signature': signStatusReport(data, token) }, data })).toBe('accepted');
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
