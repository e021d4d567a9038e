/**
 * Bounds how many handlers run at once and lets shutdown wait for the ones in
 * flight. close() releases anyone still waiting for a slot with `false`, so a
 * stopping consumer loop never blocks behind a stuck handler.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private closed = false;
  private readonly waiters: Array<(granted: boolean) => void> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  acquire(): Promise<boolean> {
    if (this.closed) {
      return Promise.resolve(false);
    }
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      // The slot passes straight to the next waiter; active stays the same.
      next(true);
      return;
    }
    this.active--;
    if (this.active === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      idle.forEach((fn) => fn());
    }
  }

  close(): void {
    this.closed = true;
    this.waiters.splice(0).forEach((fn) => fn(false));
  }

  whenIdle(): Promise<void> {
    if (this.active === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
