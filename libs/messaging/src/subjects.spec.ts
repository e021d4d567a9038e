import fc from 'fast-check';
import { MessagingError } from './messaging.errors';
import { subjectMatches } from './subject-matcher';
import { assertFilter, coveringFilter, eventSubject, HEADERS } from './subjects';

describe('eventSubject', () => {
  it('joins prefix, category and type', () => {
    expect(eventSubject('certplane.events', 'client', 'ClientEnrolled')).toBe('certplane.events.client.ClientEnrolled');
  });

  it.each([
    ['certplane.events', 'client', ''],
    ['certplane.events', '', 'ClientEnrolled'],
    ['certplane.events', 'cli ent', 'ClientEnrolled'],
    ['certplane.events', 'client', 'Client\tEnrolled'],
    ['certplane.events', 'client.x', 'ClientEnrolled'],
    ['certplane.events', 'client', 'Client.Enrolled'],
    ['certplane.events', '*', 'ClientEnrolled'],
    ['certplane.events', 'client', '>'],
    ['certplane.events', 'client', 'Client*'],
    ['certplane.*', 'client', 'ClientEnrolled'],
    ['certplane..events', 'client', 'ClientEnrolled'],
    ['', 'client', 'ClientEnrolled'],
  ])('rejects prefix=%j category=%j type=%j', (prefix, category, type) => {
    expect(() => eventSubject(prefix, category, type)).toThrow(MessagingError);
  });

  it('keeps the header names other services rely on', () => {
    expect(HEADERS).toEqual({
      eventType: 'Certplane-Event-Type',
      eventVersion: 'Certplane-Event-Version',
      streamId: 'Certplane-Stream-Id',
      streamVersion: 'Certplane-Stream-Version',
      correlationId: 'Certplane-Correlation-Id',
      causationId: 'Certplane-Causation-Id',
    });
  });
});

describe('assertFilter', () => {
  it.each(['a', 'a.*', 'a.>', '>', '*.b.*'])('accepts %s', (f) => expect(() => assertFilter(f)).not.toThrow());
  it.each(['', 'a..b', 'a.>.b', 'a b', 'a.b*'])('rejects %j', (f) =>
    expect(() => assertFilter(f)).toThrow(MessagingError),
  );
});

describe('coveringFilter', () => {
  it.each([
    [['p.e.client.A', 'p.e.client.B'], 'p.e.client.*'],
    [['p.e.client.A'], 'p.e.client.A'],
    [['p.e.client.A', 'p.e.client.A'], 'p.e.client.A'],
    [['p.e.client.A', 'p.e.cert.B'], 'p.e.*.*'],
    [['p.e.client.A', 'p.e.cert'], 'p.e.>'],
    [['p.e', 'p.e.x'], 'p.>'],
    [['p.e.>', 'p.e.client.A'], 'p.e.>'],
    [['a.b', 'c.d.e'], undefined],
    [[], undefined],
  ])('%j → %s', (filters, expected) => {
    expect(coveringFilter(filters)).toBe(expected);
  });

  it('covers every subject any of its filters matches', () => {
    const token = fc.constantFrom('p', 'e', 'client', 'A', 'B');
    const filter = fc
      .tuple(fc.array(fc.oneof(token, fc.constant('*')), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([t, tail]) => (tail ? [...t, '>'] : t).join('.'));
    const subject = fc.array(token, { minLength: 1, maxLength: 5 }).map((t) => t.join('.'));
    fc.assert(
      fc.property(fc.array(filter, { minLength: 1, maxLength: 4 }), subject, (filters, s) => {
        const cover = coveringFilter(filters);
        if (filters.some((f) => subjectMatches(f, s))) {
          expect(cover === undefined || subjectMatches(cover, s)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
