import fc from 'fast-check';
import { codeOf } from '../shared/code-of';
import {
  assertValidNamePattern,
  isNameAllowedByPattern,
  MAX_PATTERN_WILDCARDS,
  nameMatchesPattern,
} from './name-pattern';

const NAME_CHARS = 'ABCabc019_.:-'.split('');
const nameChars = (min: number, max: number) =>
  fc.array(fc.constantFrom(...NAME_CHARS), { minLength: min, maxLength: max }).map((c) => c.join(''));
/** A valid pattern as literal parts joined by `*`, and the parts, so a test can fill the holes. */
const pattern = fc
  .array(nameChars(0, 8), { minLength: 2, maxLength: MAX_PATTERN_WILDCARDS + 1 })
  .filter((parts) => parts.slice(1, -1).every((p) => p.length > 0));

describe('enrolment token name patterns', () => {
  it('matches every name made by putting one or more name characters in each *', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.array(nameChars(1, 6), { minLength: MAX_PATTERN_WILDCARDS, maxLength: MAX_PATTERN_WILDCARDS }),
        (parts, fills) => {
          const p = parts.join('*');
          expect(codeOf(() => assertValidNamePattern(p))).toBeUndefined();
          const name = parts.map((part, i) => (i === 0 ? part : fills[i - 1] + part)).join('');
          return nameMatchesPattern(name, p);
        },
      ),
    );
  });

  it('never matches when a * is left empty or a literal part differs', () => {
    fc.assert(
      fc.property(pattern, (parts) => {
        const p = parts.join('*');
        // Every * empty: the name is shorter than any match.
        return !nameMatchesPattern(parts.join(''), p) && !nameMatchesPattern(parts.join('x') + '~', p);
      }),
    );
    expect(nameMatchesPattern('sensor-12', 'sensor-*')).toBe(true);
    expect(nameMatchesPattern('sensor-', 'sensor-*')).toBe(false);
    expect(nameMatchesPattern('sensorX12', 'sensor-*')).toBe(false);
    // `.` is a literal, not "any character".
    expect(nameMatchesPattern('a-plant-7', '*.plant-7')).toBe(false);
    expect(nameMatchesPattern('a.plant-7', '*.plant-7')).toBe(true);
  });

  it('agrees with a regular expression on any name', () => {
    fc.assert(
      fc.property(pattern, nameChars(0, 40), (parts, name) => {
        const p = parts.join('*');
        const re = new RegExp(`^${parts.map((s) => s.replace(/[.]/g, '\\.')).join('[A-Za-z0-9_.:-]+')}$`);
        return nameMatchesPattern(name, p) === re.test(name);
      }),
    );
  });

  it('takes linear-ish time on the worst case a backtracking matcher would choke on', () => {
    const start = process.hrtime.bigint();
    expect(nameMatchesPattern('a'.repeat(128), '*a*a*a*b')).toBe(false);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(50);
  });

  it('refuses patterns without *, with too many, with **, or with other characters', () => {
    for (const bad of ['sensor', '*a*b*c*d*', 'a**b', 'sens or-*', 'x/*', '', 'a'.repeat(128) + '*', 7, null]) {
      expect(codeOf(() => assertValidNamePattern(bad))).toBe('INVALID_NAME_PATTERN');
    }
  });

  it('allows only names that are themselves valid client names', () => {
    expect(isNameAllowedByPattern('server', '*')).toBe(false);
    expect(isNameAllowedByPattern('a'.repeat(129), '*')).toBe(false);
    expect(isNameAllowedByPattern('edge-1', '*')).toBe(true);
  });
});
