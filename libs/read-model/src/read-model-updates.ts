const ANY = Symbol('any stream');

/**
 * Wakes readers waiting for the projector in the same process, so read-your-writes waits end when
 * the projector commits rather than at the next poll. Readers in a process without a projector
 * are never woken and fall back to polling.
 */
export class ReadModelUpdates {
  private readonly waiters = new Map<string | typeof ANY, Set<() => void>>();
  private projectors = 0;

  /** A projector in this process announces itself: its commits will wake the readers. */
  projectorStarted(): void {
    this.projectors++;
  }

  /** True when a projector runs in this process (it may not be the only one on the durable). */
  get projectorInProcess(): boolean {
    return this.projectors > 0;
  }

  /** Called by the projector after a commit, with the streams whose read models it changed. */
  changed(streamIds: Iterable<string>): void {
    this.wake(ANY);
    for (const id of streamIds) this.wake(id);
  }

  /**
   * Watches for the next change to streamId (to any stream when undefined). Start watching before
   * reading, so a commit that lands between the read and the wait is not missed.
   */
  watch(streamId?: string): ReadModelWatch {
    const key = streamId ?? ANY;
    let fired = false;
    let wakeWaiter: (() => void) | undefined;
    const onChange = () => {
      fired = true;
      this.remove(key, onChange);
      wakeWaiter?.();
    };
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(onChange);
    return {
      within: (ms) =>
        fired
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const timer = setTimeout(done, ms);
              function done() {
                clearTimeout(timer);
                wakeWaiter = undefined;
                resolve();
              }
              wakeWaiter = done;
            }),
      close: () => this.remove(key, onChange),
    };
  }

  private wake(key: string | typeof ANY): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const fn of set) fn();
  }

  private remove(key: string | typeof ANY, fn: () => void): void {
    const set = this.waiters.get(key);
    if (!set) return;
    set.delete(fn);
    if (set.size === 0) this.waiters.delete(key);
  }
}

export interface ReadModelWatch {
  /** Resolves at the change, or after ms without one (the caller then polls). */
  within(ms: number): Promise<void>;
  /** Stops watching when the caller no longer waits. */
  close(): void;
}
