import { BatchingQueue } from './batching-queue';

/**
 * Keyed lookups on a BatchingQueue: many concurrent single-key reads cost one statement
 * (`WHERE key = ANY($1)`) instead of one each, with the queue's rule that an idle system pays no
 * added latency. A key asked while a batch is in flight is never added to that batch, so its answer
 * is read after it was asked (read-your-writes holds as for a lookup of its own). The same key asked
 * twice in one batch is looked up once. When a batch fails, every caller in it is rejected with
 * that error; the queue goes on with the next batch.
 */
export class CoalescingLoader<K, V> {
  private readonly queue: BatchingQueue<K, V | undefined>;

  /**
   * @param loadMany reads every key given, in one round trip; a key missing from the map has no value
   *   (its callers get undefined).
   */
  constructor(loadMany: (keys: K[]) => Promise<ReadonlyMap<K, V>>, maxBatch = 256) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.queue = new BatchingQueue(
      async (keys) => {
        const values = await loadMany([...new Set(keys)]);
        return keys.map((key) => ({ ok: true, value: values.get(key) }));
      },
      { maxBatch, maxInFlight: 1 },
    );
  }

  load(key: K): Promise<V | undefined> {
    return this.queue.submit(key);
  }
}
