import { CoalescingLoader } from './coalescing-loader';

/** A loadMany whose batches settle only when the test says so. */
function controlled() {
  const batches: { keys: string[]; resolve(values: Map<string, string>): void; reject(e: unknown): void }[] = [];
  const loadMany = (keys: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      batches.push({ keys, resolve, reject });
    });
  return { batches, loadMany };
}

const answer = (keys: string[], skip: string[] = []) =>
  new Map(keys.filter((k) => !skip.includes(k)).map((k) => [k, `v-${k}`]));
const flush = () => new Promise((r) => setImmediate(r));

describe('CoalescingLoader', () => {
  it('sends a lone key at once, without a timer, and answers it', async () => {
    jest.useFakeTimers();
    try {
      const c = controlled();
      const loader = new CoalescingLoader(c.loadMany);
      const p = loader.load('a');
      await Promise.resolve(); // one microtask, no clock advanced
      expect(c.batches.map((b) => b.keys)).toEqual([['a']]);
      c.batches[0].resolve(answer(['a']));
      await expect(p).resolves.toBe('v-a');
    } finally {
      jest.useRealTimers();
    }
  });

  it('queues keys asked while a batch is in flight and sends them together when it settles', async () => {
    const c = controlled();
    const loader = new CoalescingLoader(c.loadMany);
    const first = loader.load('a');
    await flush();
    const rest = ['b', 'c', 'd'].map((k) => loader.load(k));
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([['a']]); // b, c, d wait for a's batch, not joined to it
    c.batches[0].resolve(answer(['a']));
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([['a'], ['b', 'c', 'd']]);
    c.batches[1].resolve(answer(['b', 'c', 'd']));
    await expect(first).resolves.toBe('v-a');
    await expect(Promise.all(rest)).resolves.toEqual(['v-b', 'v-c', 'v-d']);
  });

  it('gives every caller the value of its own key, whatever order the batch answers in, and undefined for a missing one', async () => {
    const c = controlled();
    const loader = new CoalescingLoader(c.loadMany);
    const keys = ['k1', 'k2', 'k3', 'k4'];
    const all = Promise.all(keys.map((k) => loader.load(k)));
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([keys]);
    c.batches[0].resolve(
      new Map([
        ['k4', 'v-k4'],
        ['k1', 'v-k1'],
        ['k3', 'v-k3'],
      ]),
    );
    await expect(all).resolves.toEqual(['v-k1', undefined, 'v-k3', 'v-k4']);
  });

  it('looks a key asked twice up once and answers both callers', async () => {
    const c = controlled();
    const loader = new CoalescingLoader(c.loadMany);
    const both = Promise.all([loader.load('a'), loader.load('a')]);
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([['a']]);
    c.batches[0].resolve(answer(['a']));
    await expect(both).resolves.toEqual(['v-a', 'v-a']);
  });

  it('caps a batch at maxBatch: the rest follows in the next batch', async () => {
    const c = controlled();
    const loader = new CoalescingLoader(c.loadMany, 3);
    const all = Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => loader.load(k)));
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([['a', 'b', 'c']]);
    c.batches[0].resolve(answer(['a', 'b', 'c']));
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    c.batches[1].resolve(answer(['d', 'e']));
    await expect(all).resolves.toEqual(['v-a', 'v-b', 'v-c', 'v-d', 'v-e']);
  });

  it('rejects every caller of a failed batch with its error, and goes on with the next batch', async () => {
    const c = controlled();
    const loader = new CoalescingLoader(c.loadMany);
    const failing = [loader.load('a'), loader.load('b')].map((p) =>
      p.then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    await flush();
    const later = loader.load('c');
    await flush();
    c.batches[0].reject(new Error('connection lost'));
    await expect(Promise.all(failing)).resolves.toEqual(['connection lost', 'connection lost']);
    await flush();
    expect(c.batches.map((b) => b.keys)).toEqual([['a', 'b'], ['c']]);
    c.batches[1].resolve(answer(['c']));
    await expect(later).resolves.toBe('v-c');
  });

  it('rejects the callers when loadMany throws instead of returning a promise', async () => {
    const loader = new CoalescingLoader<string, string>(() => {
      throw new Error('bad statement');
    });
    await expect(loader.load('a')).rejects.toThrow('bad statement');
    // and it is not stuck: the next key is sent too
    await expect(loader.load('b')).rejects.toThrow('bad statement');
  });

  it('refuses a batch cap that is not a positive integer', () => {
    expect(() => new CoalescingLoader(async () => new Map(), 0)).toThrow(RangeError);
  });
});
