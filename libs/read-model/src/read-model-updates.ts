const ANY = Symbol('any stream');

/**
 * Wakes readers waiting for the projector, so read-your-writes waits end when the projector
 * commits rather than at the next poll: the projector in the same process calls `changed`
 * directly, a projector in another process reaches it through LISTEN/NOTIFY (ReadModelListener).
 * Readers that nothing wakes fall back to polling.
 */
export class ReadModelUpdates {
  /** A waiter answers whether the change woke it (a change of only ignored event types does not). */
  private readonly waiters = new Map<string | typeof ANY, Set<(types?: ReadonlySet<string>) => boolean>>();
  private readonly followers = new Set<(change: ReadModelChangeNews) => void>();
  private projectors = 0;
  private listening = false;

  /** A projector in this process announces itself: its commits will wake the readers. */
  projectorStarted(): void {
    this.projectors++;
  }

  /** True when a projector runs in this process (it may not be the only one on the durable). */
  get projectorInProcess(): boolean {
    return this.projectors > 0;
  }

  /** The listener for other processes' projector commits is (or is no longer) connected. */
  listenerConnected(connected: boolean): void {
    this.listening = connected;
  }

  /** True when a projector's commits wake the readers, so polling is only the safety net. */
  get wokenByCommits(): boolean {
    return this.projectors > 0 || this.listening;
  }

  /** Wakes every reader: changes may have been missed (the listener was away) or not understood. */
  wakeAll(): void {
    for (const key of [...this.waiters.keys()]) this.wake(key);
    for (const follow of [...this.followers]) follow({ streamIds: [], everything: true });
  }

  /**
   * Called by the projector after a commit, with the streams whose read models it changed and,
   * when it knows them, the types of the events it applied to each.
   */
  changed(streamIds: Iterable<string>, typesByStream?: ReadonlyMap<string, ReadonlySet<string>>): void {
    const ids = [...streamIds];
    this.wake(ANY);
    for (const id of ids) this.wake(id, typesByStream?.get(id));
    for (const follow of [...this.followers]) follow({ streamIds: ids, typesByStream, everything: false });
  }

  /**
   * Hears every change until the returned function is called: for readers that stay (a live view),
   * where watch() serves one wait. Changes of this process's projector and of others' (LISTEN/NOTIFY) alike.
   */
  follow(listener: (change: ReadModelChangeNews) => void): () => void {
    this.followers.add(listener);
    return () => this.followers.delete(listener);
  }

  /**
   * Watches for the next change to streamId (to any stream when undefined). Start watching before
   * reading, so a commit that lands between the read and the wait is not missed. A change made
   * only of events of the `ignoring` types does not wake: the reader knows they cannot end its wait.
   */
  watch(streamId?: string, ignoring?: ReadonlySet<string>): ReadModelWatch {
    const key = streamId ?? ANY;
    let fired = false;
    let wakeWaiter: (() => void) | undefined;
    const onChange = (types?: ReadonlySet<string>) => {
      if (ignoring && types && types.size > 0 && [...types].every((t) => ignoring.has(t))) return false;
      fired = true;
      wakeWaiter?.();
      return true;
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

  private wake(key: string | typeof ANY, types?: ReadonlySet<string>): void {
    const set = this.waiters.get(key);
    if (!set) return;
    for (const fn of [...set]) if (fn(types)) set.delete(fn);
    if (set.size === 0) this.waiters.delete(key);
  }

  private remove(key: string | typeof ANY, fn: (types?: ReadonlySet<string>) => boolean): void {
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

export interface ReadModelChangeNews {
  streamIds: string[];
  typesByStream?: ReadonlyMap<string, ReadonlySet<string>>;
  /** True when changes may have been missed or not understood: a follower rereads all it shows. */
  everything: boolean;
}
