import fc from 'fast-check';
import { Duration } from './duration';

describe('Duration', () => {
  it.each([
    ['15m', 900],
    ['24h', 86_400],
    ['90d', 7_776_000],
    ['300s', 300],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(Duration.parse(text).seconds).toBe(seconds);
  });

  it.each(['', '0m', '15', 'm', '1h30m', '1.5h', ' 15m', '15m ', '15M', '-5m', '015m', '1w', 15, null, undefined, {}])(
    'refuses %p with a stable code',
    (value) => {
      expect(() => Duration.parse(value)).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }));
    },
  );

  it('names the field and code it was asked for', () => {
    expect(() => Duration.parse('x', 'INVALID_VALIDITY', 'validity')).toThrow(
      expect.objectContaining({ code: 'INVALID_VALIDITY', message: expect.stringMatching(/^validity /) }),
    );
  });

  it('spells every duration canonically, and the spelling reads back as the same duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.constantFrom('s', 'm', 'h', 'd'), (n, unit) => {
        const parsed = Duration.parse(`${n}${unit}`);
        const again = Duration.parse(parsed.toString());
        expect(again.seconds).toBe(parsed.seconds);
        expect(again.toString()).toBe(parsed.toString());
      }),
    );
  });

  it('refuses arbitrary strings that are not one number and one unit', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^[1-9][0-9]{0,8}[smhd]$/.test(text));
        expect(() => Duration.parse(text)).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }));
      }),
    );
  });

  it('compares and converts', () => {
    expect(Duration.parse('5m').isShorterThan(Duration.parse('301s'))).toBe(true);
    expect(Duration.parse('1d').milliseconds).toBe(86_400_000);
    expect(JSON.stringify({ v: Duration.parse('1440m') })).toBe('{"v":"1d"}');
    expect(() => Duration.ofSeconds(0)).toThrow(expect.objectContaining({ code: 'INVALID_DURATION' }));
  });
});
