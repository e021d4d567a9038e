import { CLOCK_SKEW_MS, DAY_SECONDS, validityWindow } from './validity';

const now = new Date('2030-01-01T12:00:00.000Z');
const DAY_MS = 86_400_000;

describe('validityWindow', () => {
  it('backdates notBefore by the clock skew and adds validitySeconds to now', () => {
    expect(validityWindow(now, 30 * DAY_SECONDS)).toEqual({
      notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(now.getTime() + 30 * DAY_MS),
    });
    expect(validityWindow(now, 300).notAfter).toEqual(new Date(now.getTime() + 300_000));
    expect(CLOCK_SKEW_MS).toBe(5 * 60_000);
  });

  it('clamps notAfter to the limit but never extends it', () => {
    const limit = new Date(now.getTime() + 10 * DAY_MS);
    expect(validityWindow(now, 30 * DAY_SECONDS, limit).notAfter).toEqual(limit);
    expect(validityWindow(now, 5 * DAY_SECONDS, limit).notAfter).toEqual(new Date(now.getTime() + 5 * DAY_MS));
  });

  it('rejects non-positive, non-numeric and unencodable durations and invalid dates', () => {
    for (const seconds of [
      0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '30' as unknown as number,
      3_000_000 * DAY_SECONDS,
    ]) {
      expect(() => validityWindow(now, seconds)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    expect(() => validityWindow(new Date('nope'), DAY_SECONDS)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
