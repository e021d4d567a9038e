export interface TunnelCredentials {
  tunnelId: string;
  authToken: string;
}

export type CredentialLookup = (namespace: string, name: string) => Promise<TunnelCredentials | undefined>;

interface Entry {
  value: Promise<TunnelCredentials | undefined>;
  expiresAtMs: number;
}

/**
 * Live tunnels' tokens by (namespace, name), so a stream of reports does not cost a database
 * read and an AES-GCM open each. Unknown tunnels are cached too: anyone on the NATS can publish
 * junk. Entries live ttlMs; changes made in this process (create, rotate, delete) invalidate at
 * once, changes made by another api process are seen within ttlMs.
 */
export class TunnelCredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: CredentialLookup,
    private readonly ttlMs = 5_000,
    private readonly clock: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  get(namespace: string, name: string): Promise<TunnelCredentials | undefined> {
    const key = `${namespace}/${name}`;
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAtMs > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    // The promise is cached, so concurrent reports for one tunnel share one lookup.
    const value = this.lookup(namespace, name);
    const entry = { value, expiresAtMs: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return value;
  }

  invalidate(namespace: string, name: string): void {
    this.entries.delete(`${namespace}/${name}`);
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (e.expiresAtMs <= now) this.entries.delete(k);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
