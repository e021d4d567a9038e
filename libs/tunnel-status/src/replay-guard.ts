/**
 * Remembers signatures until their report could no longer pass the skew check, so a report
 * captured off the NATS and published again is counted once. Entries are kept roughly in expiry
 * order (they arrive roughly in sentAt order), and expired ones are dropped from the front.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True the first time a key is offered before it expires. */
  firstSighting(key: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [k, exp] of this.seen) {
      if (exp > nowMs) break;
      this.seen.delete(k);
    }
    const known = this.seen.get(key);
    if (known !== undefined && known > nowMs) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
