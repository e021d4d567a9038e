import fc from 'fast-check';
import { ApiError } from './api-error';
import { containsPattern, readChoice, readDuration, readPage, readSearch, readTimestamp } from './query-values';

const outcome = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof ApiError && e.statusCode === 400 ? e.code : `UNEXPECTED: ${(e as Error)?.message}`;
  }
};

describe('query values', () => {
  it('pages: default 10 from 0, limit 1-100, offset ≥ 0', () => {
    expect(readPage({})).toEqual({ limit: 10, offset: 0 });
    expect(readPage({ limit: '100', offset: '5' })).toEqual({ limit: 100, offset: 5 });
    for (const limit of ['0', '101', '-1', '1.5', '1e2', ' 5', '', 'ten', '99999999999'])
      expect(outcome(() => readPage({ limit }))).toBe('INVALID_QUERY');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.nat(1_000_000_000), (limit, offset) => {
        const p = readPage({ limit: String(limit), offset: String(offset) });
        return p.limit === limit && p.offset === offset;
      }),
    );
  });

  it('never throws anything but INVALID_QUERY for any limit, offset or timestamp text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (limit, offset) =>
        ['ok', 'INVALID_QUERY'].includes(outcome(() => readPage({ limit, offset }))),
      ),
    );
    fc.assert(fc.property(fc.string(), (s) => ['ok', 'INVALID_QUERY'].includes(outcome(() => readTimestamp(s, 'at')))));
    fc.assert(
      fc.property(fc.string(), (s) =>
        ['ok', 'INVALID_QUERY'].includes(outcome(() => readChoice(s, 'status', ['valid', 'revoked']))),
      ),
    );
    fc.assert(
      fc.property(fc.string(), (s) =>
        ['ok', 'INVALID_QUERY'].includes(outcome(() => readDuration(s, 'expiringWithin'))),
      ),
    );
  });

  it('reads durations as Duration spells them, naming the parameter when refused', () => {
    expect(readDuration('30d', 'expiringWithin').seconds).toBe(30 * 86_400);
    for (const bad of ['', '30', '1h30m', '0d', '-1d', '30 d', '30D', '1w', 'P30D'])
      expect(outcome(() => readDuration(bad, 'expiringWithin'))).toBe('INVALID_QUERY');
    expect(() => readDuration('soon', 'expiringWithin')).toThrow(
      'the query parameter expiringWithin must be a whole number followed by s, m, h or d',
    );
  });

  it('reads RFC 3339 moments with any offset and precision, and refuses everything else', () => {
    expect(readTimestamp('2026-11-23T02:31:43Z', 'at').toISOString()).toBe('2026-11-23T02:31:43.000Z');
    expect(readTimestamp('2026-11-23T03:31:43.123456+01:00', 'at').toISOString()).toBe('2026-11-23T02:31:43.123Z');
    expect(readTimestamp('2024-02-29 00:00:00z', 'at').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    for (const bad of [
      '2026-11-23',
      '2026-11-23T02:31:43',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '1700000000',
      'now',
      '2026-11-23T02:31:43+25:00',
    ]) {
      expect(outcome(() => readTimestamp(bad, 'at'))).toBe('INVALID_QUERY');
    }
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => readTimestamp(d.toISOString(), 'at').getTime() === d.getTime(),
      ),
    );
  });

  it('search: 1-100 characters without control characters', () => {
    expect(readSearch('web-01', 'search')).toBe('web-01');
    for (const bad of ['', 'x'.repeat(101), 'a\u0000b', 'tab\there', 'del\u007f'])
      expect(outcome(() => readSearch(bad, 'search'))).toBe('INVALID_QUERY');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (text) => {
        // eslint-disable-next-line no-control-regex
        expect(outcome(() => readSearch(text, 'search'))).toBe(
          /[\u0000-\u001f\u007f]/.test(text) ? 'INVALID_QUERY' : 'ok',
        );
      }),
    );
  });

  it('a contains pattern matches exactly the texts that contain the search literally', () => {
    // LIKE with backslash escapes, as Postgres reads it, turned into a regular expression.
    const like = (pattern: string, text: string) => {
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\') re += escapeRegExp(pattern[++i]);
        else if (c === '%') re += '[\\s\\S]*';
        else if (c === '_') re += '[\\s\\S]';
        else re += escapeRegExp(c);
      }
      return new RegExp(`^${re}$`, 'u').test(text);
    };
    const chars = fc.constantFrom('a', 'b', '%', '_', '\\', '.', '*');
    fc.assert(
      fc.property(
        fc.string({ unit: chars, minLength: 1, maxLength: 6 }),
        fc.string({ unit: chars, maxLength: 12 }),
        (search, text) => {
          expect(like(containsPattern(search), text)).toBe(text.includes(search));
        },
      ),
    );
  });
});

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
