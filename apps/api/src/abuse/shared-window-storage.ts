import { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppLogger, PeriodicPass } from '@certplane/platform';
import { SlidingWindowStorage } from './sliding-window-storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often a replica tells the others what it counted and learns what they did. */
export const SHARE_EVERY_MS = 250;
// Rows older than the longest window (renewals: an hour) count for nothing.
const FORGET_AFTER_S = 3600;
const CLEAN_EVERY_MS = 60_000;

interface Watched {
  name: string;
  key: string;
  ttl: number;
  /** Wall-clock ms after which this replica has no hit of the key left in its window. */
  until: number;
}

/**
 * The request limits (per identity, per address, renewals per client) counted across every api
 * replica of a deployment, at no database cost on the request's path: each replica keeps its own
 * hits in a SlidingWindowStorage and, every SHARE_EVERY_MS, writes what it counted since (per
 * second) to rate_limit_hits and reads back what the other replicas counted in each window it
 * watches, in one statement. A request is refused once its own hits and the others' reach the limit.
 *
 * Tolerance: what other replicas counted in the last SHARE_EVERY_MS (plus a statement's time) is
 * not seen yet, so a caller spreading requests over N replicas gets at most (N - 1) times what one
 * replica accepts in that time beyond the limit. Others' hits are counted by whole seconds of the
 * replicas' clocks, so they count up to a second longer than the window (refusing a little more,
 * never less). Failures (StrikeCounts) are counted exactly instead: they are few, and each one is
 * what a brute force is made of.
 */
export class SharedWindowStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly replica = randomUUID();
  private readonly local = new SlidingWindowStorage();
  /** Hits other replicas counted in each watched window, as of the last share. */
  private others = new Map<string, number>();
  /** Hits counted here since the last share: id → second → hits. */
  private pending = new Map<string, Map<number, number>>();
  private readonly watched = new Map<string, Watched>();
  private readonly pass: PeriodicPass;
  private cleanedAt = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: AppLogger,
    private readonly wallClock: () => number = Date.now,
  ) {
    this.pass = new PeriodicPass(
      () => this.share(),
      (e) =>
        this.logger.warn('rate limits not shared with the other replicas this time; each keeps counting its own', {
          error: (e as Error).message,
        }),
    );
  }

  onModuleInit(): void {
    this.pass.start(SHARE_EVERY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pass.stop();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const id = `${throttlerName}\u0000${key}`;
    const others = this.others.get(id) ?? 0;
    const now = this.wallClock();
    this.watched.set(id, { name: throttlerName, key, ttl, until: now + ttl });
    const own = await this.local.increment(key, ttl, Math.max(0, limit - others), blockDuration, throttlerName);
    if (!own.isBlocked) {
      const second = Math.floor(now / 1000);
      const seconds = this.pending.get(id) ?? new Map<number, number>();
      seconds.set(second, (seconds.get(second) ?? 0) + 1);
      this.pending.set(id, seconds);
    }
    // Refused for the others' hits alone: theirs slide out second by second.
    const wait = own.isBlocked ? Math.max(1, own.timeToBlockExpire) : 0;
    return { ...own, totalHits: own.totalHits + others, timeToBlockExpire: wait };
  }

  /** One exchange with the other replicas: this replica's new hits out, theirs in. Runs every SHARE_EVERY_MS. */
  async share(): Promise<void> {
    const now = this.wallClock();
    for (const [id, w] of this.watched) if (w.until <= now) this.watched.delete(id);
    const pending = this.pending;
    this.pending = new Map();
    if (this.watched.size === 0 && pending.size === 0) return;
    const out = { names: [] as string[], keys: [] as string[], seconds: [] as number[], hits: [] as number[] };
    for (const [id, seconds] of pending) {
      const [name, key] = split(id);
      for (const [second, hits] of seconds) {
        out.names.push(name);
        out.keys.push(key);
        out.seconds.push(second);
        out.hits.push(hits);
      }
    }
    const ids = [...this.watched.keys()];
    const watched = ids.map((id) => this.watched.get(id)!);
    let rows: { name: string; key: string; hits: number }[];
    try {
      rows = await this.ds.query(
        `WITH shared AS (
           INSERT INTO rate_limit_hits AS h (name, key, second, replica, hits)
           SELECT name, key, second, $5, hits FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[]) AS d(name, key, second, hits)
           ON CONFLICT (name, key, second, replica) DO UPDATE SET hits = h.hits + EXCLUDED.hits
         )
         SELECT w.name, w.key, sum(h.hits)::int AS hits
           FROM unnest($6::text[], $7::text[], $8::bigint[]) AS w(name, key, since)
           JOIN rate_limit_hits h ON h.name = w.name AND h.key = w.key AND h.second >= w.since AND h.replica <> $5
          GROUP BY w.name, w.key`,
        [
          out.names,
          out.keys,
          out.seconds,
          out.hits,
          this.replica,
          watched.map((w) => w.name),
          watched.map((w) => w.key),
          watched.map((w) => Math.floor((now - w.ttl) / 1000)),
        ],
      );
    } catch (e) {
      // Not lost: the next share writes them.
      for (const [id, seconds] of pending) {
        const merged = this.pending.get(id) ?? new Map<number, number>();
        for (const [second, hits] of seconds) merged.set(second, (merged.get(second) ?? 0) + hits);
        this.pending.set(id, merged);
      }
      throw e;
    }
    this.others = new Map(rows.map((r) => [`${r.name}\u0000${r.key}`, r.hits]));
    if (now - this.cleanedAt >= CLEAN_EVERY_MS) {
      this.cleanedAt = now;
      await this.ds.query(`DELETE FROM rate_limit_hits WHERE second < $1`, [Math.floor(now / 1000) - FORGET_AFTER_S]);
    }
  }
}

function split(id: string): [string, string] {
  const at = id.indexOf('\u0000');
  return [id.slice(0, at), id.slice(at + 1)];
}
