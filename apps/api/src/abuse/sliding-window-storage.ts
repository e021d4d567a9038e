import { ThrottlerStorage } from '@nestjs/throttler';
import { performance } from 'node:perf_hooks';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  /** When each counted hit stops counting, oldest first; hits before `head` have expired. */
  expiries: number[];
  head: number;
}

// Expired hits are dropped from the front of the array only once they are this many and half of it.
const COMPACT_AFTER = 1024;

/**
 * The store of both request limits (per identity and per address): @nestjs/throttler's storage
 * contract, with the semantics certplane uses, a sliding window without any block beyond it
 * (blockDuration 0). A key over its limit is refused, and not counted, until its oldest counted hit
 * leaves the window (timeToBlockExpire).
 *
 * The library's ThrottlerStorageService does the same by filtering a copy of all of a key's hits and
 * spreading them into Math.min on every request: about 140 µs a request for a caller with 10,000 hits
 * in its window (the default limit is 6,000 a minute), and a RangeError beyond about 120,000, which
 * the accepted limits (up to 10,000,000) allow. Here hits are kept in expiry order, so the oldest is
 * the first and expired ones are skipped from the front: constant time per request, amortised.
 * Windows with no live hit left are forgotten once per window length. Per process, in memory;
 * SharedWindowStorage adds what the other replicas counted.
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  /** A monotonic clock by default, so that expiries stay in order whatever the wall clock does. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (blockDuration > 0) throw new Error('SlidingWindowStorage keeps sliding windows only; blockDuration must be 0');
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now, ttl);
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) this.windows.set(id, (window = { expiries: [], head: 0 }));
    const counted = this.live(window, now);
    const isBlocked = counted >= limit;
    if (!isBlocked) window.expiries.push(now + ttl);
    // No hit here at all: refused with a limit of 0 (SharedWindowStorage, when other replicas used it up).
    const oldest = window.expiries[window.head];
    const untilOldestLeaves = oldest === undefined ? 0 : Math.ceil((oldest - now) / 1000);
    return {
      totalHits: counted + 1,
      timeToExpire: untilOldestLeaves,
      isBlocked,
      timeToBlockExpire: isBlocked ? untilOldestLeaves : 0,
    };
  }

  /** How many keys are remembered (for tests). */
  get size(): number {
    return this.windows.size;
  }

  /** Drops the hits that left the window; the number still in it. */
  private live(window: Window, now: number): number {
    const { expiries } = window;
    let head = window.head;
    while (head < expiries.length && expiries[head] <= now) head++;
    if (head >= COMPACT_AFTER && head * 2 >= expiries.length) {
      expiries.splice(0, head);
      head = 0;
    }
    window.head = head;
    return expiries.length - head;
  }

  private sweep(now: number, ttl: number): void {
    this.nextSweepAt = now + ttl;
    for (const [id, window] of this.windows) if (this.live(window, now) === 0) this.windows.delete(id);
  }
}
