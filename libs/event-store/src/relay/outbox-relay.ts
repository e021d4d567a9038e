import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MessageBus } from '@certplane/messaging';
import { PostgresEventStore } from '../store/event-store';
import { StoredEvent } from '../store/stored-event';
import { toOutgoingMessage } from '../store/event-envelope';
import { rowToStoredEvent, storedEventColumns } from '../store/stored-event-row';

/** Acknowledged rows are deleted together, at most this long after their PubAck (well inside sweepAfterMs). */
const DELETE_DELAY_MS = 50;

/** A sweeper holds the sweep this long past its last batch; a crashed sweeper's rows wait at most this for the next one. */
const SWEEP_LEASE_MS = 30_000;

export interface RelayLogger {
  warn(message: string, context?: object): void;
}

export interface OutboxRelayOptions {
  subjectPrefix: string;
  /** Rows older than this are taken to be orphaned (their appender crashed before publishing). */
  sweepAfterMs: number;
  sweepIntervalMs?: number;
  batchSize?: number;
  logger: RelayLogger;
}

/**
 * Moves committed events from the outbox to the bus, at least once. Each process publishes what
 * it appended itself as soon as it commits (in append order), and a periodic sweep publishes rows
 * left behind by a crash or a broker outage. A row is deleted only after the broker acknowledged
 * it; a publish that happens twice is dropped by the broker's de-duplication on the event id, and
 * consumers are idempotent beyond that window. Deleting waits a moment to take the rows of many
 * PubAcks in one statement: a row whose delete is still pending is at worst published again.
 *
 * One process sweeps at a time (a lease in outbox_sweep_lease), so however many run, a stale row is
 * published once by a sweep and each stream's rows go in their order.
 */
export class OutboxRelay {
  private queue: StoredEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private draining = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly batchSize: number;
  private acked: string[] = [];
  private deleteTimer?: NodeJS.Timeout;
  private deleting: Promise<void> = Promise.resolve();
  private readonly sweeper = randomUUID();

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.batchSize = opts.batchSize ?? 256;
  }

  attach(store: PostgresEventStore): void {
    store.onAppended((events) => this.enqueue(events));
  }

  /** Starts the sweep; the first one runs now and takes every row, since a restart means nothing is in flight here. */
  start(): void {
    this.stopped = false;
    void this.sweep(0);
    this.timer = setInterval(() => void this.sweep(this.opts.sweepAfterMs), this.opts.sweepIntervalMs ?? 1000);
    this.timer.unref();
  }

  enqueue(events: StoredEvent[]): void {
    if (this.stopped) return;
    this.queue.push(...events);
    if (!this.draining) {
      this.draining = true;
      void this.exclusive(() => this.drain()).finally(() => (this.draining = false));
    }
  }

  /** Publishes outbox rows older than ageMs, if no other process is sweeping; resolves when done. */
  sweep(ageMs: number): Promise<void> {
    return this.exclusive(async () => {
      // An idle tick only reads: the lease is a write, taken when there is something to sweep.
      if ((await this.staleRows(ageMs, '0', 1)).length === 0) return;
      try {
        // Past what this sweep published, should a delete have failed: those rows wait for the next sweep.
        let after = '0';
        for (;;) {
          if (this.stopped || !(await this.holdLease())) return;
          const rows = await this.staleRows(ageMs, after, this.batchSize);
          if (rows.length === 0) return;
          await this.publish(rows);
          after = rows[rows.length - 1].position;
          // Gone before the lease is: the next sweeper must not find what this one published.
          await this.flushDeletes();
          if (rows.length < this.batchSize) return;
        }
      } finally {
        await this.ds.query(`UPDATE outbox_sweep_lease SET until = '-infinity' WHERE id = 1 AND holder = $1`, [
          this.sweeper,
        ]);
      }
    }).catch((e) =>
      this.opts.logger.warn('outbox sweep failed; rows stay for the next sweep', { error: (e as Error).message }),
    );
  }

  private async staleRows(ageMs: number, afterPosition: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.ds.query(
      `SELECT ${storedEventColumns('e')}
         FROM outbox o JOIN events e ON e.position = o.position
        WHERE o.created_at <= now() - make_interval(secs => $1::double precision / 1000) AND o.position > $2::bigint
        ORDER BY o.position LIMIT $3`,
      [ageMs, afterPosition, limit],
    );
    return rows.map(rowToStoredEvent);
  }

  /** Takes or extends the lease; false while another process holds it. */
  private async holdLease(): Promise<boolean> {
    // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count], not rows.
    const held = await this.ds.query(
      `WITH taken AS (
         UPDATE outbox_sweep_lease SET holder = $1, until = now() + make_interval(secs => $2::double precision / 1000)
          WHERE id = 1 AND (holder = $1 OR until < now()) RETURNING id)
       SELECT id FROM taken`,
      [this.sweeper, SWEEP_LEASE_MS],
    );
    return held.length === 1;
  }

  /** Rows still waiting: the outbox lag. */
  async pending(): Promise<number> {
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM outbox`);
    return row.n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
    await this.flushDeletes();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.publish(batch);
      } catch (e) {
        // The rows stay in the outbox and the sweep publishes them once the broker is back.
        this.opts.logger.warn('publishing appended events failed; the sweep will retry', {
          error: (e as Error).message,
          events: batch.length,
        });
      }
    }
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    await this.bus.publish(events.map((e) => toOutgoingMessage(e, this.opts.subjectPrefix)));
    this.acked.push(...events.map((e) => e.position));
    if (this.acked.length >= this.batchSize) void this.flushDeletes();
    else if (!this.deleteTimer) {
      this.deleteTimer = setTimeout(() => void this.flushDeletes(), DELETE_DELAY_MS);
      this.deleteTimer.unref();
    }
  }

  /** Deletes the acknowledged rows; on failure they stay and the sweep publishes them again (de-duplicated). */
  private flushDeletes(): Promise<void> {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    const positions = this.acked.splice(0);
    if (positions.length > 0) {
      this.deleting = this.deleting
        .then(() => this.ds.query(`DELETE FROM outbox WHERE position = ANY($1::bigint[])`, [positions]))
        .then(
          () => undefined,
          (e) =>
            this.opts.logger.warn('deleting published outbox rows failed; the sweep publishes them again', {
              error: (e as Error).message,
              rows: positions.length,
            }),
        );
    }
    return this.deleting;
  }

  /** Drain and sweep take turns so one process never publishes the same row twice at once. */
  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
