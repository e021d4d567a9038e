import { DataSource } from 'typeorm';

export type StrikeKind = 'auth' | 'details';

interface Asked {
  kind: StrikeKind;
  key: string;
  answer: (seconds: number) => void;
  fail: (e: unknown) => void;
}

const CLEAN_EVERY_STRIKES = 1000;

/**
 * Failures (strikes) per kind and key in fixed windows, counted in rate_limit_strikes so that
 * every api replica refuses alike: once a key has its kind's limit of strikes in its window, it
 * is blocked until the window ends (the database's clock, one for every replica). A limit of 0
 * never blocks and never reaches the database.
 *
 * Exact, not shared now and then like the request windows: a failure is what a brute force is
 * made of, and there are few of them. The check every request makes is the cost; checks made
 * while one is on its way wait for the next and go together, as one statement.
 */
export class StrikeCounts {
  private asked: Asked[] = [];
  private scheduled = false;
  private strikesSinceClean = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly limits: Record<StrikeKind, number>,
    private readonly windowMs: number,
  ) {}

  /** Whether any kind counts at all; none: requests need no check. */
  get counting(): boolean {
    return Object.values(this.limits).some((l) => l > 0);
  }

  /** Seconds until `key` may try again after `kind` failures; 0 when it is not blocked. */
  blockedFor(kind: StrikeKind, key: string): Promise<number> {
    if (this.limits[kind] === 0) return Promise.resolve(0);
    return new Promise((answer, fail) => {
      this.asked.push({ kind, key, answer, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.check());
      }
    });
  }

  async strike(kind: StrikeKind, key: string): Promise<void> {
    if (this.limits[kind] === 0) return;
    await this.ds.query(
      `INSERT INTO rate_limit_strikes AS s (kind, key, strikes, window_ends_at) VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
       ON CONFLICT (kind, key) DO UPDATE SET
         strikes = CASE WHEN s.window_ends_at <= now() THEN 1 ELSE s.strikes + 1 END,
         window_ends_at = CASE WHEN s.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE s.window_ends_at END`,
      [kind, key, this.windowMs],
    );
    // Ended windows are forgotten now and then, so keys seen once (scanners rotating addresses) do not pile up.
    if (++this.strikesSinceClean >= CLEAN_EVERY_STRIKES) {
      this.strikesSinceClean = 0;
      await this.ds.query(`DELETE FROM rate_limit_strikes WHERE window_ends_at <= now()`);
    }
  }

  private async check(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    try {
      const rows: { kind: StrikeKind; key: string; strikes: number; seconds: number }[] = await this.ds.query(
        `SELECT s.kind, s.key, s.strikes, ceil(extract(epoch FROM s.window_ends_at - now()))::int AS seconds
           FROM rate_limit_strikes s
           JOIN unnest($1::text[], $2::text[]) AS a(kind, key) ON a.kind = s.kind AND a.key = s.key
          WHERE s.window_ends_at > now()`,
        [asked.map((a) => a.kind), asked.map((a) => a.key)],
      );
      const waits = new Map(
        rows
          .filter((r) => r.strikes >= this.limits[r.kind])
          .map((r) => [`${r.kind}\u0000${r.key}`, Math.max(1, r.seconds)]),
      );
      for (const a of asked) a.answer(waits.get(`${a.kind}\u0000${a.key}`) ?? 0);
    } catch (e) {
      for (const a of asked) a.fail(e);
    } finally {
      this.scheduled = this.asked.length > 0;
      if (this.scheduled) setImmediate(() => void this.check());
    }
  }
}
