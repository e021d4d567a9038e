import fc from 'fast-check';
import { BACKOFF_CAP_MS, backoffDelay, DEFAULT_RENEW_AT, parseRenewAt, renewalDue } from './renewal-schedule';

describe('renewal schedule', () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const day = 86_400_000;

  it('renews two thirds in by default, up to 5% of the lifetime earlier with jitter', () => {
    const notAfter = new Date(notBefore.getTime() + 3 * day);
    expect(renewalDue(notBefore, notAfter, DEFAULT_RENEW_AT, 0).getTime()).toBe(notBefore.getTime() + 2 * day);
    expect(renewalDue(notBefore, notAfter, DEFAULT_RENEW_AT, 0.999).getTime()).toBeGreaterThan(
      notBefore.getTime() + 2 * day - 0.15 * day - 1,
    );
  });

  it('is always within the lifetime, no later than the renewal point and no earlier than 5% of the lifetime before it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300_000, max: 825 * day }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (lifetime, renewAt, random) => {
          const due =
            renewalDue(notBefore, new Date(notBefore.getTime() + lifetime), renewAt, random).getTime() -
            notBefore.getTime();
          expect(due).toBeGreaterThanOrEqual(0);
          expect(due).toBeLessThanOrEqual(lifetime * renewAt);
          expect(due).toBeGreaterThanOrEqual(Math.floor(lifetime * Math.max(0, renewAt - 0.05)) - 1);
        },
      ),
    );
  });

  it('backs off exponentially from a second, never past five minutes, never below half its ceiling', () => {
    expect(backoffDelay(0, 0)).toBe(500);
    expect(backoffDelay(1, 0.9999)).toBeLessThanOrEqual(2_000);
    expect(backoffDelay(3, 0)).toBe(4_000);
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, random);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(delay).toBeGreaterThanOrEqual(Math.min(BACKOFF_CAP_MS, 1_000 * 2 ** Math.min(attempt, 30)) / 2);
      }),
    );
  });

  it('reads --renew-at as a fraction strictly between 0 and 1, and nothing else', () => {
    expect(parseRenewAt('0.1')).toBe(0.1);
    expect(parseRenewAt('.5')).toBe(0.5);
    expect(parseRenewAt(undefined)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseRenewAt(text);
        if (value !== undefined) expect(value > 0 && value < 1 && /^0?\.[0-9]+$/.test(text)).toBe(true);
      }),
    );
    for (const bad of ['0', '1', '1.0', '0.0', '-0.5', '2/3', 'abc', '', '0.5x'])
      expect(parseRenewAt(bad)).toBeUndefined();
  });
});
