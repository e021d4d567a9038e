/** One item's outcome in a batch: its value, or the error that item alone failed with. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface BatchingQueueOptions {
  /** Items one batch takes at most. */
  maxBatch: number;
  /** Batches running at once; more items wait and go together in the next one. */
  maxInFlight: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for statements: an item submitted while fewer than maxInFlight batches run goes at
 * once (with whatever else was submitted in the same tick), so an idle system pays no added
 * latency; items submitted while the batches are busy queue and go together as soon as one finishes. Under load many callers share one round trip and
 * one commit, which is where the time went: every statement costs both ends a socket write, a parse
 * and, for writes, a WAL flush. `run` answers per item, in order, so one item's failure (a version
 * conflict, say) is that item's alone; if `run` itself throws, every item of the batch fails with it.
 */
export class BatchingQueue<I, O> {
  private readonly waiting: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<BatchOutcome<O>[]>,
    private readonly options: BatchingQueueOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.inFlight < this.options.maxInFlight && !this.scheduled) {
        // A microtask, not a timer: what is submitted in this same tick joins, and nothing waits for a
        // clock. A promise job rather than queueMicrotask, which fake timers replace.
        this.scheduled = true;
        void Promise.resolve().then(() => {
          this.scheduled = false;
          while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) this.next();
        });
      }
    });
  }

  /** Items waiting for a batch; for tests and metrics. */
  get queued(): number {
    return this.waiting.length;
  }

  private next(): void {
    if (this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight++;
    void this.settle(batch).finally(() => {
      this.inFlight--;
      this.next();
    });
  }

  private async settle(batch: Pending<I, O>[]): Promise<void> {
    let outcomes: BatchOutcome<O>[];
    try {
      outcomes = await this.run(batch.map((p) => p.item));
      if (outcomes.length !== batch.length)
        throw new Error(`a batch of ${batch.length} answered ${outcomes.length} outcomes`);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}
