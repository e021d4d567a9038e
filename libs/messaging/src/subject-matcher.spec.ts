import fc from 'fast-check';
import { filterIsWithin, subjectMatches } from './subject-matcher';

/** Independent reference: translate the filter into a regular expression. */
function referenceMatches(filter: string, subject: string): boolean {
  const ft = filter.split('.');
  if (ft.some((t) => t === '') || ft.slice(0, -1).includes('>')) {
    return false;
  }
  if (subject.split('.').some((t) => t === '')) {
    return false;
  }
  const escape = (t: string) => t.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const body = ft.map((t) => (t === '*' ? '[^.]+' : t === '>' ? '[^.]+(?:\\.[^.]+)*' : escape(t))).join('\\.');
  return new RegExp(`^${body}$`).test(subject);
}

const token = fc.constantFrom('a', 'b', 'c', 'events', 'ClientEnrolled');
const filterToken = fc.oneof(token, fc.constant('*'), fc.constant('>'));
const subjectArb = fc.array(token, { minLength: 1, maxLength: 5 }).map((t) => t.join('.'));
// Filters may contain misplaced `>` and empty tokens on purpose: both sides must reject them alike.
const filterArb = fc
  .array(fc.oneof({ weight: 8, arbitrary: filterToken }, { weight: 1, arbitrary: fc.constant('') }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((t) => t.join('.'));

describe('subjectMatches', () => {
  it.each([
    ['certplane.events.client.ClientEnrolled', 'certplane.events.client.ClientEnrolled', true],
    ['certplane.events.client.ClientEnrolled', 'certplane.events.client.ClientRemoved', false],
    ['certplane.events.client.*', 'certplane.events.client.ClientRemoved', true],
    ['certplane.events.*', 'certplane.events.client.ClientRemoved', false],
    ['certplane.events.>', 'certplane.events.client.ClientRemoved', true],
    ['certplane.events.>', 'certplane.events.client', true],
    ['certplane.events.>', 'certplane.events', false],
    ['certplane.*.client.>', 'certplane.events.client.X', true],
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['>', 'a', true],
    ['>', 'a.b.c', true],
    ['a.>.b', 'a.x.b', false], // `>` is only a wildcard as the last token
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
    ['a*', 'ab', false], // a partial-token star is a literal
    ['a*', 'a*', true],
    ['', 'a', false],
    ['a', '', false],
    ['a..b', 'a..b', false],
    ['a.*', 'a.', false],
  ])('%s vs %s → %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it('agrees with a regex reference implementation', () => {
    fc.assert(
      fc.property(filterArb, subjectArb, (filter, subject) => {
        expect(subjectMatches(filter, subject)).toBe(referenceMatches(filter, subject));
      }),
      { numRuns: 5000 },
    );
  });

  it('a literal filter matches exactly its own subject', () => {
    fc.assert(
      fc.property(subjectArb, subjectArb, (a, b) => {
        expect(subjectMatches(a, b)).toBe(a === b);
      }),
    );
  });
});

describe('filterIsWithin', () => {
  it.each([
    ['p.events.client.X', 'p.events.>', true],
    ['p.events.*', 'p.events.>', true],
    ['p.events.>', 'p.events.>', true],
    ['p.events', 'p.events.>', false],
    ['p.>', 'p.events.>', false],
    ['other.events.X', 'p.events.>', false],
    ['a.*', 'a.b', false],
    ['a.b', 'a.*', true],
    ['a.>', 'a.*', false],
  ])('%s within %s → %s', (inner, outer, expected) => {
    expect(filterIsWithin(inner, outer)).toBe(expected);
  });

  it('never claims containment that matching contradicts', () => {
    const wellFormed = fc
      .tuple(fc.array(fc.oneof(token, fc.constant('*')), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([t, tail]) => (tail ? [...t, '>'] : t).join('.'));
    fc.assert(
      fc.property(wellFormed, wellFormed, subjectArb, (inner, outer, subject) => {
        if (filterIsWithin(inner, outer) && subjectMatches(inner, subject)) {
          expect(subjectMatches(outer, subject)).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
