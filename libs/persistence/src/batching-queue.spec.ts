import { BatchingQueue, BatchOutcome } from './batching-queue';

/** A run whose batches stay open until the test releases them, recording what each took. */
function controlledRun<I>() {
  const batches: I[][] = [];
  const releases: (() => void)[] = [];
  const run = (items: I[]) => {
    batches.push(items);
    return new Promise<BatchOutcome<string>[]>((resolve) =>
      releases.push(() => resolve(items.map((i) => ({ ok: true as const, value: `done ${String(i)}` })))),
    );
  };
  return { run, batches, release: (n: number) => releases[n]() };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('BatchingQueue', () => {
  it('runs an item at once, without a timer, when nothing is in flight', async () => {
    jest.useFakeTimers();
    const c = controlledRun<number>();
    const q = new BatchingQueue(c.run, { maxBatch: 10, maxInFlight: 1 });
    const a = q.submit(1);
    await Promise.resolve(); // one microtask, no clock advanced
    jest.useRealTimers();
    expect(c.batches).toEqual([[1]]);
    c.release(0);
    await expect(a).resolves.toBe('done 1');
  });

  it('groups what is submitted in one tick into one batch', async () => {
    const c = controlledRun<number>();
    const q = new BatchingQueue(c.run, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, 2, 3].map((i) => q.submit(i));
    await flush();
    expect(c.batches).toEqual([[1, 2, 3]]);
    c.release(0);
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('groups what arrives while batches are busy into the next batch, in order, up to maxBatch', async () => {
    const c = controlledRun<number>();
    const q = new BatchingQueue(c.run, { maxBatch: 3, maxInFlight: 1 });
    const first = q.submit(1);
    await flush();
    const results = [first, ...[2, 3, 4, 5, 6].map((i) => q.submit(i))];
    await flush();
    expect(c.batches).toEqual([[1]]);
    expect(q.queued).toBe(5);
    c.release(0);
    await flush();
    expect(c.batches).toEqual([[1], [2, 3, 4]]);
    c.release(1);
    await flush();
    expect(c.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    c.release(2);
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
  });

  it('keeps up to maxInFlight batches running', async () => {
    const c = controlledRun<number>();
    const q = new BatchingQueue(c.run, { maxBatch: 1, maxInFlight: 2 });
    void q.submit(1);
    void q.submit(2);
    void q.submit(3);
    await flush();
    expect(c.batches).toEqual([[1], [2]]);
    c.release(1);
    await flush();
    expect(c.batches).toEqual([[1], [2], [3]]);
  });

  it('fails one item with its own error and the rest with their values', async () => {
    const q = new BatchingQueue<number, number>(
      async (items) =>
        items.map((i) => (i % 2 ? { ok: true, value: i * 10 } : { ok: false, error: new Error(`even ${i}`) })),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const settled = await Promise.allSettled([1, 2, 3].map((i) => q.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('even 2') },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('fails every item of a batch whose run throws, and goes on with the next batch', async () => {
    let calls = 0;
    const q = new BatchingQueue<number, number>(
      async (items) => {
        if (calls++ === 0) throw new Error('connection lost');
        return items.map((i) => ({ ok: true, value: i }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = q.submit(1).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await flush();
    const later = q.submit(2);
    await expect(first).resolves.toBe('connection lost');
    await expect(later).resolves.toBe(2);
  });

  it('fails the batch when run answers a different number of outcomes than items', async () => {
    const q = new BatchingQueue<number, number>(async () => [], { maxBatch: 10, maxInFlight: 1 });
    await expect(q.submit(1)).rejects.toThrow('a batch of 1 answered 0 outcomes');
  });
});
