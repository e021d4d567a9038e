import { rounds } from './projection';
import { StoredEvent } from '@certplane/event-store';

const ev = (streamId: string, streamVersion: number): StoredEvent => ({
  position: '0',
  transactionId: '0',
  eventId: `${streamId}-${streamVersion}`,
  streamId,
  streamVersion,
  type: 'T',
  schemaVersion: 1,
  data: {},
  metadata: { eventId: `${streamId}-${streamVersion}`, correlationId: 'c', timestamp: new Date(0).toISOString() },
  recordedAt: new Date(0),
});

describe('rounds', () => {
  it('puts the k-th event of each stream in round k, so a round never holds one stream twice', () => {
    const a = [ev('a', 1), ev('a', 2), ev('a', 3)];
    const b = [ev('b', 5)];
    const c = [ev('c', 2), ev('c', 3)];
    const r = rounds([a, b, c]);
    expect(r.map((round) => round.map((e) => e.eventId))).toEqual([['a-1', 'b-5', 'c-2'], ['a-2', 'c-3'], ['a-3']]);
    for (const round of r) expect(new Set(round.map((e) => e.streamId)).size).toBe(round.length);
  });

  it('has no rounds for no streams', () => {
    expect(rounds([])).toEqual([]);
  });
});
