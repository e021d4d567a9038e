import { DataSource } from 'typeorm';
import {
  GlobalCheckpoint,
  PostgresEventStore,
  START_OF_STORE,
  StoredEvent,
  streamCategory,
} from '@certplane/event-store';
import { BatchingQueue, BatchOutcome, inTransaction, Tx } from '@certplane/persistence';
import { notificationPayloads, READ_MODEL_CHANNEL, ReadModelUpdates } from '@certplane/read-model';
import { Projection } from './projection';

// Live projecting holds this shared; a rebuild holds it exclusive. "certproj" in ASCII.
export const PROJECTION_LOCK_KEY = '7162254444389822314';

/** Events that arrive while transactions are running wait for the next one, at most this many at a time. */
const MAX_BATCH = 256;
/** Transactions at once: batching saves statements, and a few at once keep round trips overlapping. */
const MAX_TRANSACTIONS = 4;

/** One (projection, stream) pair of a batch, with the batch's events for it in stream order. */
interface Checkpoint {
  projection: Projection;
  streamId: string;
  events: StoredEvent[];
  /** Index in the batch of the event that answers for this pair's applications (its newest). */
  owner: number;
}

export interface ProjectorOptions {
  /**
   * NOTIFY each commit's changed streams on READ_MODEL_CHANNEL, for readers in other processes (the
   * distributed api); a projector sharing its process with the readers wakes them directly.
   */
  notifyOtherProcesses?: boolean;
}

/**
 * Applies events to projections exactly once per (projection, stream, version), whatever order
 * and however often the bus delivers them: a version at or below the checkpoint is skipped, and
 * a version past the next one first catches the stream up from the event store, the source of truth.
 *
 * Events handed in while transactions run are projected together in the next one (a group
 * commit): one transaction and one checkpoint statement for the whole batch instead of five
 * statements per event and projection. Batches touching the same stream serialise on its
 * checkpoint rows, which every batch locks in the same order. If a batch fails, its events are retried one by one, so
 * one bad event fails only its own delivery.
 */
export class Projector {
  private readonly batches = new BatchingQueue<StoredEvent, { applied: number }>(
    (events) => this.projectTogether(events),
    { maxBatch: MAX_BATCH, maxInFlight: MAX_TRANSACTIONS },
  );
  /** Settles once the newest batch's checkpoint statement has run (see projectBatch). */
  private checkpointsLocked: Promise<void> = Promise.resolve();

  constructor(
    private readonly ds: DataSource,
    private readonly store: PostgresEventStore,
    readonly projections: readonly Projection[],
    private readonly updates?: ReadModelUpdates,
    private readonly options: ProjectorOptions = {},
  ) {
    updates?.projectorStarted();
  }

  project(event: StoredEvent): Promise<{ applied: number }> {
    if (!this.projections.some((p) => p.category === streamCategory(event.streamId)))
      return Promise.resolve({ applied: 0 });
    return this.batches.submit(event);
  }

  /** A batch in one transaction; if it fails, its events one by one, so one bad event fails only its own delivery. */
  private async projectTogether(events: StoredEvent[]): Promise<BatchOutcome<{ applied: number }>[]> {
    try {
      return (await this.projectBatch(events)).map((applied) => ({ ok: true, value: { applied } }));
    } catch (error) {
      if (events.length === 1) return [{ ok: false, error }];
      const alone: BatchOutcome<{ applied: number }>[] = [];
      for (const event of events) {
        alone.push(
          await this.projectBatch([event]).then(
            ([applied]): BatchOutcome<{ applied: number }> => ({ ok: true, value: { applied } }),
            (e: unknown) => ({ ok: false, error: e }),
          ),
        );
      }
      return alone;
    }
  }

  /** One transaction for all of events; answers how many applications each event accounts for. */
  private async projectBatch(events: StoredEvent[]): Promise<number[]> {
    const checkpoints = this.checkpointsOf(events);
    const applied = events.map(() => 0);
    let caughtUp = false;
    // Which types changed each stream lets readers skip wakes that cannot end their wait; a catch-up
    // applied events from the store that the batch does not name, so then it says nothing of types.
    const typesByStream = new Map<string, Set<string>>();
    for (const e of events) typesByStream.set(e.streamId, (typesByStream.get(e.streamId) ?? new Set()).add(e.type));
    // Checkpoint statements run in the order the batches were formed: a stream's next event, in a
    // later batch, then waits on the row the earlier batch holds and moves on from it, instead of
    // getting there first and catching the stream up from the store. The turn is awaited before a
    // connection is taken, so a batch waiting for it holds none.
    const previous = this.checkpointsLocked;
    let locked = () => {};
    this.checkpointsLocked = new Promise((resolve) => (locked = resolve));
    await previous;
    await inTransaction(this.ds, async (tx) => {
      // Fast path: a pair whose batch events follow its checkpoint without a gap moves in the same
      // statement that locks it. Every other pair is locked too, and sorted out below.
      const fast = checkpoints.map((c) => contiguousFrom(c.events));
      const rows: { projection: string; stream_id: string; version: number }[] = await tx
        .query(
          `INSERT INTO projection_stream_versions AS v (projection, stream_id, version)
         SELECT u.projection, u.stream_id, CASE WHEN u.expected = 0 THEN u.target ELSE 0 END
           FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS u(projection, stream_id, expected, target)
          CROSS JOIN (SELECT pg_advisory_xact_lock_shared($5)) AS projection_lock
          ORDER BY u.projection, u.stream_id
         ON CONFLICT (projection, stream_id) DO UPDATE
            SET version = (SELECT t.target FROM unnest($1::text[], $2::text[], $4::int[]) AS t(projection, stream_id, target) WHERE t.projection = v.projection AND t.stream_id = v.stream_id)
          WHERE v.version = (SELECT x.expected FROM unnest($1::text[], $2::text[], $3::int[]) AS x(projection, stream_id, expected) WHERE x.projection = v.projection AND x.stream_id = v.stream_id)
         RETURNING v.projection, v.stream_id, v.version`,
          [
            checkpoints.map((c) => c.projection.name),
            checkpoints.map((c) => c.streamId),
            checkpoints.map((c, i) => (fast[i] ? c.events[0].streamVersion - 1 : -1)),
            checkpoints.map((c) => c.events[c.events.length - 1].streamVersion),
            PROJECTION_LOCK_KEY,
          ],
        )
        .finally(locked);
      const moved = new Map(rows.map((r) => [key(r.projection, r.stream_id), r.version]));
      const slow: Checkpoint[] = [];
      const moving = new Map<Projection, Checkpoint[]>();
      for (const [i, c] of checkpoints.entries()) {
        const version = moved.get(key(c.projection.name, c.streamId));
        if (fast[i] && version === c.events[c.events.length - 1].streamVersion) {
          moving.set(c.projection, [...(moving.get(c.projection) ?? []), c]);
          applied[c.owner] += c.events.length;
        } else {
          slow.push(c);
        }
      }
      for (const [projection, moves] of moving) {
        if (projection.applyAll)
          await projection.applyAll(
            tx,
            moves.map((c) => c.events),
          );
        else for (const c of moves) for (const e of c.events) await projection.apply(tx, e);
      }
      caughtUp = slow.length > 0;
      for (const c of slow)
        applied[c.owner] += await this.catchUp(
          tx,
          c.projection,
          c.streamId,
          c.events[c.events.length - 1].streamVersion,
        );
      if (this.options.notifyOtherProcesses) {
        // Inside the transaction: Postgres delivers it at the commit, and never for a rollback.
        await tx.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [
          READ_MODEL_CHANNEL,
          notificationPayloads(typesByStream.keys(), caughtUp ? undefined : typesByStream),
        ]);
      }
    }).finally(locked);
    this.updates?.changed(typesByStream.keys(), caughtUp ? undefined : typesByStream);
    return applied;
  }

  /** The batch's (projection, stream) pairs in first-arrival order, each with its events deduplicated and sorted. */
  private checkpointsOf(events: StoredEvent[]): Checkpoint[] {
    const pairs = new Map<string, Checkpoint>();
    events.forEach((event, index) => {
      for (const projection of this.projections) {
        if (projection.category !== streamCategory(event.streamId)) continue;
        const k = key(projection.name, event.streamId);
        const c = pairs.get(k);
        if (!c) pairs.set(k, { projection, streamId: event.streamId, events: [event], owner: index });
        else if (!c.events.some((e) => e.streamVersion === event.streamVersion)) {
          if (c.events.every((e) => e.streamVersion < event.streamVersion)) c.owner = index;
          c.events.push(event);
        }
      }
    });
    for (const c of pairs.values()) c.events.sort((a, b) => a.streamVersion - b.streamVersion);
    return [...pairs.values()];
  }

  /**
   * The reconciler's pass: for each projection, the events of its category recorded at least olderThanMs ago that
   * its checkpoint has not reached (their news was lost, and nothing later in the stream brought it), up to `limit`
   * in all, oldest first; each stream is caught up to the newest of them, as a late message would. Only events past
   * the projection's low-water mark in `settledThrough` are read, and the mark is moved over what is applied
   * (PostgresEventStore.readOpen); a projection with no mark yet starts from the beginning of the store. One
   * transaction per stream, under the checkpoint's row lock like live projecting, so it races nothing.
   */
  async catchUpBehind(
    olderThanMs: number,
    limit: number,
    settledThrough: Map<string, GlobalCheckpoint>,
  ): Promise<{ projection: string; streamId: string; applied: number }[]> {
    const caught: { projection: string; streamId: string; applied: number }[] = [];
    let read = 0;
    for (const p of this.projections) {
      if (read >= limit) break;
      const { due, settledThrough: mark } = await this.store.readOpen(
        {
          category: p.category,
          open: (param) => `NOT EXISTS (SELECT 1 FROM projection_stream_versions v
                              WHERE v.projection = ${param(p.name)} AND v.stream_id = events.stream_id
                                AND v.version >= events.stream_version)`,
        },
        olderThanMs,
        [],
        limit - read,
        settledThrough.get(p.name) ?? START_OF_STORE,
      );
      read += due.length;
      // What this pass catches up is still open at the mark: the next pass finds it applied and moves on.
      settledThrough.set(p.name, mark);
      const upTo = new Map<string, number>();
      for (const e of due) upTo.set(e.streamId, Math.max(upTo.get(e.streamId) ?? 0, e.streamVersion));
      for (const [streamId, version] of upTo) {
        const applied = await inTransaction(this.ds, async (tx) => {
          await tx.query(
            `INSERT INTO projection_stream_versions (projection, stream_id, version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
            [p.name, streamId],
          );
          const n = await this.catchUp(tx, p, streamId, version);
          if (n > 0 && this.options.notifyOtherProcesses)
            await tx.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [
              READ_MODEL_CHANNEL,
              notificationPayloads([streamId], undefined),
            ]);
          return n;
        });
        if (applied > 0) {
          this.updates?.changed([streamId], undefined);
          caught.push({ projection: p.name, streamId, applied });
        }
      }
    }
    return caught;
  }

  /** Same rules as live projecting, inside a caller's transaction (the rebuild). */
  async projectInto(tx: Tx, p: Projection, event: StoredEvent): Promise<number> {
    await tx.query(
      `INSERT INTO projection_stream_versions (projection, stream_id, version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
      [p.name, event.streamId],
    );
    return this.catchUp(tx, p, event.streamId, event.streamVersion, event);
  }

  /**
   * Brings p's checkpoint of the stream to `upTo`, applying what lies between from the event store
   * (or `event` itself when it is the next one). The checkpoint row must exist.
   */
  private async catchUp(tx: Tx, p: Projection, streamId: string, upTo: number, event?: StoredEvent): Promise<number> {
    const [row] = await tx.query(
      `SELECT version FROM projection_stream_versions WHERE projection = $1 AND stream_id = $2 FOR UPDATE`,
      [p.name, streamId],
    );
    const current: number = row.version;
    if (upTo <= current) return 0;
    const pending =
      event && upTo === current + 1
        ? [event]
        : (await this.store.readStream(streamId, current, tx)).filter((e) => e.streamVersion <= upTo);
    if (pending.length === 0) return 0;
    for (const e of pending) await p.apply(tx, e);
    await tx.query(`UPDATE projection_stream_versions SET version = $3 WHERE projection = $1 AND stream_id = $2`, [
      p.name,
      streamId,
      pending[pending.length - 1].streamVersion,
    ]);
    return pending.length;
  }
}

function key(projection: string, streamId: string): string {
  return `${projection}\u0000${streamId}`;
}

/** True when the (sorted, distinct) versions follow one another without a gap. */
function contiguousFrom(events: StoredEvent[]): boolean {
  return events.every((e, i) => i === 0 || e.streamVersion === events[i - 1].streamVersion + 1);
}
