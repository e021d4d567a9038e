/**
 * Looks keys up one batch at a time, so that many concurrent single-key reads cost one statement
 * (`WHERE key = ANY($1)`) instead of one each. With nothing in flight a key goes at once, in a batch
 * of its own (alone, or with whatever else was asked in the same tick): an idle system pays no added
 * latency. While a batch is in flight, new keys queue and go together as soon as it settles, so the
 * batch size follows the load by itself, with no timer to tune. A queue that reaches `maxBatch` goes
 * at once without waiting, so no caller waits behind more than one full batch.
 *
 * A key queued while a batch is in flight is never added to that batch: its answer is read after it
 * was asked (read-your-writes holds as for a lookup of its own). The same key asked twice before its
 * batch goes is looked up once and both callers get the answer. When a batch fails, every caller in
 * it is rejected with that error; the queue goes on with the next batch.
 */
export class CoalescingLoader<K, V> {
  private queue = new Map<K, Waiter<V>[]>();
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param loadMany reads every key given, in one round trip; a key missing from the map has no value
   *   (its callers get undefined).
   */
  constructor(
    private readonly loadMany: (keys: K[]) => Promise<ReadonlyMap<K, V>>,
    private readonly maxBatch = 256,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  }

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.queue.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
      if (this.queue.size >= this.maxBatch) this.dispatch();
      else if (this.inFlight === 0 && !this.scheduled) {
        // A microtask, not a timer: the keys asked in this same tick join, and nothing waits for a clock.
        // A promise job rather than queueMicrotask, which fake timers replace.
        this.scheduled = true;
        void Promise.resolve().then(() => {
          this.scheduled = false;
          if (this.inFlight === 0) this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    if (this.queue.size === 0) return;
    // load() dispatches as soon as the queue reaches maxBatch, so the whole queue is one batch.
    const batch = this.queue;
    this.queue = new Map();
    this.inFlight++;
    let loading: Promise<ReadonlyMap<K, V>>;
    try {
      loading = this.loadMany([...batch.keys()]);
    } catch (e) {
      loading = Promise.reject(e);
    }
    loading
      .then(
        (values) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key));
        },
        (e: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
        },
      )
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) this.dispatch();
      });
  }
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(reason: unknown): void;
}
