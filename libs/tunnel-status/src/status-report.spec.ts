import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  encodeStatusReport,
  MalformedStatusReportError,
  parseStatusReport,
  signStatusReport,
  verifyStatusSignature,
} from './status-report';
import { parseTunnelStatusSubject, tunnelStatusFilter, tunnelStatusSubject } from './status-subject';

const report = {
  server: 'edge-1',
  seq: 1,
  sentAt: '2026-11-23T02:31:43.123Z',
  connectedClients: 2,
  rxBytes: 10,
  txBytes: 20,
  tcpConnections: 3,
};
const token = 'x'.repeat(43);

describe('status report wire format', () => {
  it('signs HMAC-SHA256 over the exact payload bytes, keyed with the token, as sha256=<hex>', () => {
    const payload = encodeStatusReport(report);
    const expected = 'sha256=' + createHmac('sha256', Buffer.from(token, 'utf8')).update(payload).digest('hex');
    expect(signStatusReport(payload, token)).toBe(expected);
    expect(verifyStatusSignature(payload, expected, token)).toBe(true);
  });

  it('refuses another token, another payload, and anything not sha256=<64 hex>', () => {
    const payload = encodeStatusReport(report);
    const sig = signStatusReport(payload, token);
    expect(verifyStatusSignature(payload, sig, 'y'.repeat(43))).toBe(false);
    expect(verifyStatusSignature(encodeStatusReport({ ...report, rxBytes: 11 }), sig, token)).toBe(false);
    for (const bad of ['', sig.slice(7), sig.toUpperCase(), sig + '0', 'sha1=' + sig.slice(7), token])
      expect(verifyStatusSignature(payload, bad, token)).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => s === sig || !verifyStatusSignature(payload, s, token)));
  });

  it('parses reports, defaulting server and ignoring unknown fields', () => {
    const { server: _server, ...anonymous } = report;
    expect(parseStatusReport(encodeStatusReport({ ...anonymous, future: true } as never))).toEqual({
      ...anonymous,
      server: 'default',
    });
  });

  it('refuses anything but a well-formed report, with one error type', () => {
    const bad = [
      Buffer.from('not json'),
      encodeStatusReport({ ...report, rxBytes: -1 }),
      encodeStatusReport({ ...report, seq: 1.5 }),
      encodeStatusReport({ ...report, sentAt: 'yesterday' }),
      Buffer.from('[]'),
    ];
    for (const b of bad) expect(() => parseStatusReport(b)).toThrow(MalformedStatusReportError);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseStatusReport(Buffer.from(JSON.stringify(v)));
          return true;
        } catch (e) {
          return e instanceof MalformedStatusReportError;
        }
      }),
    );
  });
});

describe('status subjects', () => {
  it('round-trips namespace and name and refuses other shapes', () => {
    expect(tunnelStatusSubject('certplane.tunnels', 'tenant-1', 'celerity')).toBe(
      'certplane.tunnels.tenant-1.celerity.status',
    );
    expect(tunnelStatusFilter('certplane.tunnels')).toBe('certplane.tunnels.*.*.status');
    expect(parseTunnelStatusSubject('certplane.tunnels', 'certplane.tunnels.tenant-1.celerity.status')).toEqual({
      namespace: 'tenant-1',
      name: 'celerity',
    });
    for (const s of [
      'certplane.tunnels.a.b.c.status',
      'certplane.tunnels.a.b.stats',
      'other.a.b.status',
      'certplane.tunnels.A.b.status',
      'certplane.tunnelsx.a.b.status',
    ]) {
      expect(parseTunnelStatusSubject('certplane.tunnels', s)).toBeUndefined();
    }
  });
});
