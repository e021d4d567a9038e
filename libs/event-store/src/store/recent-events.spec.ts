import { RecentEvents } from './recent-events';
import { StoredEvent } from './stored-event';

const event = (n: number) => ({ eventId: `id-${n}`, streamVersion: n }) as unknown as StoredEvent;

describe('RecentEvents', () => {
  it('answers the events it was given, and forgets the least recently given beyond its capacity', () => {
    const recent = new RecentEvents(3);
    recent.remember([event(1), event(2), event(3)]);
    recent.remember([event(1)]);
    recent.remember([event(4)]);
    expect(recent.get('id-2')).toBeUndefined();
    expect([1, 3, 4].map((n) => recent.get(`id-${n}`)?.streamVersion)).toEqual([1, 3, 4]);
    recent.remember([event(5), event(6), event(7)]);
    expect([1, 3, 4, 5, 6, 7].map((n) => recent.get(`id-${n}`)?.streamVersion)).toEqual([
      undefined,
      undefined,
      undefined,
      5,
      6,
      7,
    ]);
  });
});
