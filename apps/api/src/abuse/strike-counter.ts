/**
 * Failures (strikes) per key in fixed windows: once a key has `limit` strikes in its window, it
 * is blocked until the window ends. A limit of 0 never blocks. Kept in memory, per process.
 */
export class StrikeCounter {
  private readonly windows = new Map<string, { strikes: number; endsAt: number }>();
  private strikesSinceSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again; 0 when it is not blocked. */
  blockedFor(key: string): number {
    const window = this.current(key);
    if (this.limit === 0 || !window || window.strikes < this.limit) return 0;
    return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000));
  }

  strike(key: string): void {
    if (this.limit === 0) return;
    const window = this.current(key) ?? { strikes: 0, endsAt: this.now() + this.windowMs };
    window.strikes++;
    this.windows.set(key, window);
    // Forget ended windows now and then, so keys seen once (scanners rotating addresses) do not pile up.
    if (++this.strikesSinceSweep >= 1000) this.sweep();
  }

  /** How many keys are remembered (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string) {
    const window = this.windows.get(key);
    return window && window.endsAt > this.now() ? window : undefined;
  }

  private sweep(): void {
    this.strikesSinceSweep = 0;
    const now = this.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
