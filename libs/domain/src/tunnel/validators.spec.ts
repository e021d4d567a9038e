import fc from 'fast-check';
import { assertValidTcpPorts, MAX_TCP_PORTS } from './tcp-ports';
import { newTunnelAuthToken, newTunnelId } from './tunnel-id';
import { DomainError } from '../shared/domain-error';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
};
const port = fc.integer({ min: 1, max: 65535 });

describe('tcpPorts rule', () => {
  it('accepts every list of 1-64 distinct ports from 1 to 65535', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(port, { minLength: 1, maxLength: MAX_TCP_PORTS }),
        (ports) => codeOf(() => assertValidTcpPorts(ports)) === undefined,
      ),
    );
  });

  it('rejects a repeated port anywhere in the list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(port, { minLength: 1, maxLength: MAX_TCP_PORTS - 1 }), fc.nat(), (ports, at) => {
        const dup = [...ports];
        dup.splice(at % (ports.length + 1), 0, ports[at % ports.length]);
        return codeOf(() => assertValidTcpPorts(dup)) === 'INVALID_TCP_PORTS';
      }),
    );
  });

  it('rejects out-of-range, fractional and non-numeric ports', () => {
    const bad = fc.oneof(
      fc.integer({ max: 0 }),
      fc.integer({ min: 65536 }),
      fc.double({ noInteger: true }),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.uniqueArray(port, { maxLength: 10 }), bad, fc.nat(), (ports, b, at) => {
        const list: unknown[] = [...ports];
        list.splice(at % (ports.length + 1), 0, b);
        return codeOf(() => assertValidTcpPorts(list)) === 'INVALID_TCP_PORTS';
      }),
    );
  });

  it('rejects no ports, more than 64, and anything but an array', () => {
    expect(codeOf(() => assertValidTcpPorts([]))).toBe('INVALID_TCP_PORTS');
    expect(codeOf(() => assertValidTcpPorts(Array.from({ length: 65 }, (_, i) => i + 1)))).toBe('INVALID_TCP_PORTS');
    expect(codeOf(() => assertValidTcpPorts(undefined))).toBe('INVALID_TCP_PORTS');
    expect(codeOf(() => assertValidTcpPorts('80'))).toBe('INVALID_TCP_PORTS');
    fc.assert(
      fc.property(fc.jsonValue(), (v) =>
        [undefined, 'INVALID_TCP_PORTS'].includes(codeOf(() => assertValidTcpPorts(v))),
      ),
    );
  });
});

describe('tunnel ids and auth tokens', () => {
  it('makes tokens of 256 random bits, URL-safe, never repeated', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newTunnelAuthToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(encodeURIComponent(t)).toBe(t);
    }
    expect(newTunnelId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
