import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConcurrencyError, DomainEvent } from '@certplane/domain';
import {
  BatchingQueue,
  BatchOutcome,
  inTransaction,
  StatementWrite,
  Tx,
  foreignKeyViolation,
  uniqueViolation,
} from '@certplane/persistence';
import { GlobalCheckpoint, START_OF_STORE, StoredEvent } from './stored-event';
import { rowToStoredEvent, storedEventColumns } from './stored-event-row';
import { RecentEvents } from './recent-events';

export interface AppendContext {
  correlationId: string;
  causationId?: string;
  actor?: string;
  /** The HTTP request the flow started with, for joining events to request logs. */
  requestId?: string;
}

export interface EventStoreOptions {
  /** Context of the work in progress (a request, an event being handled); the caller's context wins. */
  ambientContext?: () => Partial<AppendContext> | undefined;
}

export interface AppendOptions {
  /** The version the caller decided on; 0 means the stream must not exist yet. */
  expectedVersion: number;
  context: AppendContext;
  /**
   * Writes that commit or fail together with the events (reservations, sealed secrets, another
   * stream's events). Statement writes join the append's one statement: one round trip, batched
   * with other appends. A step, if any, makes it a transaction: the same statement, then the steps.
   */
  also?: readonly SideWrite[];
}

/** Appends to another stream inside the transaction: bumped only from `expectedVersion`, or the whole transaction fails with a ConcurrencyError. */
export type AlsoAppend = (
  streamId: string,
  events: readonly DomainEvent[],
  expectedVersion: number,
) => Promise<StoredEvent[]>;

/**
 * A side write that must read first (a count under a lock, a row held FOR SHARE) or append to
 * another stream: it runs in the append's transaction, after the append's statement.
 */
export interface SideStep {
  step: (tx: Tx, alsoAppend: AlsoAppend) => Promise<void>;
}

/** The one way to add writes to an append: data the store renders into the append's statement, or a step after it. */
export type SideWrite = StatementWrite | SideStep;

function isStep(w: SideWrite): w is SideStep {
  return 'step' in w;
}

function isWrite(w: SideWrite): w is StatementWrite {
  return !isStep(w);
}

/** An append ready for its statement: rows serialised, context resolved. */
interface PendingAppend {
  streamId: string;
  expectedVersion: number;
  rows: { eventId: string; version: number; type: string; schemaVersion: number; data: string; metadata: string }[];
  writes: readonly StatementWrite[];
}

/**
 * Two batches in flight keep a statement on the wire while the last one's answer is parsed; a
 * batch is capped so one statement stays well under a megabyte of certificates and events.
 */
const APPEND_BATCHING = { maxBatch: 128, maxInFlight: 2 };

interface StreamRead {
  streamId: string;
  afterVersion: number;
}

/** Stream reads are small and many (every command and every issuance loads its aggregate first). */
const READ_BATCHING = { maxBatch: 256, maxInFlight: 2 };

/** As many as deliveries: every consumer reads what a message announces from here (checked-delivery.ts). */
const LOOKUP_BATCHING = { maxBatch: 256, maxInFlight: 2 };

/**
 * Events kept for lookups after they were appended or read: a delivery comes within moments of the
 * append, and a few thousand events (a few megabytes) cover seconds of the heaviest load.
 */
const RECENT_EVENTS = 4096;

/** Event ids as the store writes them; anything else cannot be one, and must not reach a uuid cast. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AppendedListener = (events: StoredEvent[]) => void;

const COLUMNS = storedEventColumns();
const COLUMNS_OF_INSERTED = storedEventColumns('events');

/**
 * Append-only Postgres event store. Appends bump the stream's row in `streams` only from the
 * expected version, so two writers deciding on the same state cannot both commit; events and
 * their outbox rows are written in that same transaction.
 */
export class PostgresEventStore {
  private readonly listeners: AppendedListener[] = [];
  private readonly reads = new BatchingQueue<StreamRead, StoredEvent[]>(
    (batch) => this.readBatch(batch),
    READ_BATCHING,
  );
  private readonly lookups = new BatchingQueue<string, StoredEvent | undefined>(
    (ids) => this.lookupBatch(ids),
    LOOKUP_BATCHING,
  );
  private readonly appends = new BatchingQueue<PendingAppend, StoredEvent[]>(
    (batch) => this.appendBatch(batch),
    APPEND_BATCHING,
  );
  private readonly recent = new RecentEvents(RECENT_EVENTS);

  constructor(
    private readonly ds: DataSource,
    private readonly options: EventStoreOptions = {},
  ) {}

  /** Called after each commit with what it appended; the outbox relay publishes from here at once. */
  onAppended(listener: AppendedListener): void {
    this.listeners.push(listener);
  }

  async append(streamId: string, events: readonly DomainEvent[], opts: AppendOptions): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    // Built here, not in the batch: the ambient context belongs to the caller's request.
    const also = opts.also ?? [];
    const steps = also.filter(isStep);
    const pending = this.pendingAppend(streamId, events, opts.expectedVersion, opts.context, also.filter(isWrite));
    if (steps.length === 0) return this.appends.submit(pending);
    const alsoAppended: StoredEvent[] = [];
    const stored = await inTransaction(this.ds, async (tx) => {
      const appended = await this.appendAlone(tx, pending);
      const alsoAppend: AlsoAppend = async (otherStreamId, otherEvents, expectedVersion) => {
        const other = await this.appendAlone(
          tx,
          this.pendingAppend(otherStreamId, otherEvents, expectedVersion, opts.context, []),
        );
        alsoAppended.push(...other);
        return other;
      };
      for (const { step } of steps) await step(tx, alsoAppend);
      return appended;
    });
    this.notify([...stored, ...alsoAppended]);
    return stored;
  }

  private pendingAppend(
    streamId: string,
    events: readonly DomainEvent[],
    expectedVersion: number,
    context: AppendContext,
    writes: readonly StatementWrite[],
  ): PendingAppend {
    const timestamp = new Date().toISOString();
    const metadata = {
      ...stripUndefined({ ...this.options.ambientContext?.(), ...stripUndefined(context) }),
      timestamp,
    };
    const rows = events.map((e, i) => {
      const eventId = randomUUID();
      return {
        eventId,
        version: expectedVersion + i + 1,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify({ ...metadata, eventId }),
      };
    });
    return { streamId, expectedVersion, rows, writes };
  }

  /**
   * One statement bumps the stream (only from the expected version), inserts the events and
   * queues them in the outbox: no events are inserted unless the bump happened.
   */
  private async appendAlone(db: Pick<Tx, 'query'>, a: PendingAppend): Promise<StoredEvent[]> {
    const newVersion = a.expectedVersion + a.rows.length;
    const bump =
      a.expectedVersion === 0
        ? `INSERT INTO streams (stream_id, version) VALUES ($1, $8) ON CONFLICT DO NOTHING RETURNING version`
        : `UPDATE streams SET version = $8 WHERE stream_id = $1 AND version = $9 RETURNING version`;
    const params: unknown[] = [
      a.streamId,
      a.rows.map((r) => r.eventId),
      a.rows.map((r) => r.version),
      a.rows.map((r) => r.type),
      a.rows.map((r) => r.schemaVersion),
      a.rows.map((r) => r.data),
      a.rows.map((r) => r.metadata),
      newVersion,
      ...(a.expectedVersion === 0 ? [] : [a.expectedVersion]),
    ];
    const joined = joinWrites([{ writes: a.writes, appended: () => 'EXISTS (SELECT 1 FROM bumped)' }], params);
    const inserted = await refusing(a.writes, () =>
      db.query(
        `WITH bumped AS (${bump}),
      inserted AS (
        INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
        SELECT e.event_id, $1, e.stream_version, e.type, e.schema_version, e.data, e.metadata
          FROM unnest($2::uuid[], $3::int[], $4::text[], $5::int[], $6::json[], $7::jsonb[])
            AS e(event_id, stream_version, type, schema_version, data, metadata)
         WHERE EXISTS (SELECT 1 FROM bumped)
         ORDER BY e.stream_version
        RETURNING *),
      queued AS (INSERT INTO outbox (position) SELECT position FROM inserted)${joined}
      SELECT ${COLUMNS_OF_INSERTED} FROM inserted AS events ORDER BY stream_version`,
        params,
      ),
    );
    if (inserted.length === 0) throw new ConcurrencyError(a.streamId, a.expectedVersion);
    return inserted.map(rowToStoredEvent);
  }

  /**
   * Appends to many streams in one statement and one commit, each stream bumped only from its own
   * expected version; a stream whose bump failed gets no events and its caller a ConcurrencyError,
   * the others commit. If the statement fails as a whole (a name or serial one append reserves is
   * taken, two appends to one stream, a deadlock with another process's batch), each append goes
   * again alone, so every caller gets the answer it would have got without batching.
   */
  private async appendBatch(batch: PendingAppend[]): Promise<BatchOutcome<StoredEvent[]>[]> {
    if (batch.length === 1) return [this.notified(await settle(() => this.appendAlone(this.ds, batch[0])))];
    const params: unknown[] = [];
    const sql = manyStreamsStatement(batch, params, (withParam) =>
      joinWrites(
        batch.map((a) => ({
          writes: a.writes,
          appended: () => `EXISTS (SELECT 1 FROM bumped WHERE stream_id = $${withParam(a.streamId)}::text)`,
        })),
        params,
      ),
    );
    let rows: unknown[];
    try {
      rows = await this.ds.query(sql, params);
    } catch {
      const alone: BatchOutcome<StoredEvent[]>[] = [];
      for (const a of batch) alone.push(this.notified(await settle(() => this.appendAlone(this.ds, a))));
      return alone;
    }
    const stored = rows.map(rowToStoredEvent);
    this.notify(stored);
    const byStream = byStreamOf(stored);
    return batch.map((a) => {
      const appended = byStream.get(a.streamId);
      return appended
        ? { ok: true, value: appended }
        : { ok: false, error: new ConcurrencyError(a.streamId, a.expectedVersion) };
    });
  }

  /**
   * Appends to many streams in one statement and one transaction, all or nothing: a stream not at
   * its expected version fails all of them with a ConcurrencyError, and `also` (e.g. one
   * reservation of every name) commits only if every stream was bumped. Answers each append's
   * events, in the order given. For a bulk command; single appends batch themselves (appendBatch).
   */
  async appendAll(
    appends: readonly { streamId: string; events: readonly DomainEvent[]; expectedVersion: number }[],
    opts: { context: AppendContext; also?: readonly StatementWrite[] },
  ): Promise<StoredEvent[][]> {
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length)
      throw new Error('appendAll: a stream is named twice');
    const batch = appends
      .filter((a) => a.events.length > 0)
      .map((a) => this.pendingAppend(a.streamId, a.events, a.expectedVersion, opts.context, []));
    const writes = opts.also ?? [];
    const params: unknown[] = [];
    const sql = manyStreamsStatement(batch, params, () =>
      joinWrites([{ writes, appended: () => `(SELECT count(*) FROM bumped) = ${batch.length}` }], params),
    );
    const stored = await inTransaction(this.ds, async (tx) => {
      const rows = (await refusing(writes, () => tx.query(sql, params))).map(rowToStoredEvent);
      const byStream = byStreamOf(rows);
      const missed = batch.find((a) => !byStream.has(a.streamId));
      if (missed) throw new ConcurrencyError(missed.streamId, missed.expectedVersion);
      return byStream;
    });
    this.notify([...stored.values()].flat());
    return appends.map((a) => stored.get(a.streamId) ?? []);
  }

  private notified(outcome: BatchOutcome<StoredEvent[]>): BatchOutcome<StoredEvent[]> {
    if (outcome.ok) this.notify(outcome.value);
    return outcome;
  }

  /** Only ever with what committed: listeners publish it, and lookups answer from it. */
  private notify(stored: StoredEvent[]): void {
    this.recent.remember(stored);
    for (const listener of this.listeners) listener(stored);
  }

  /** Reads through tx when given, so a caller inside a transaction sees and locks consistently. */
  async readStream(streamId: string, afterVersion = 0, tx?: Tx): Promise<StoredEvent[]> {
    if (!tx) return this.reads.submit({ streamId, afterVersion });
    return this.readAlone(tx, { streamId, afterVersion });
  }

  private async readAlone(db: Pick<Tx, 'query'>, { streamId, afterVersion }: StreamRead): Promise<StoredEvent[]> {
    const rows = await db.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      [streamId, afterVersion],
    );
    return rows.map(rowToStoredEvent);
  }

  /** Reads of many streams in one statement, each answered its own events in version order. */
  private async readBatch(batch: StreamRead[]): Promise<BatchOutcome<StoredEvent[]>[]> {
    if (batch.length === 1) return [{ ok: true, value: await this.readAlone(this.ds, batch[0]) }];
    const rows = await this.ds.query(
      `SELECT r.n, ${COLUMNS}
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS r(stream_id, after_version, n)
         JOIN events ON events.stream_id = r.stream_id AND events.stream_version > r.after_version
        ORDER BY r.n, events.stream_version`,
      [batch.map((r) => r.streamId), batch.map((r) => r.afterVersion)],
    );
    const answers: StoredEvent[][] = batch.map(() => []);
    for (const row of rows) answers[Number(row.n) - 1].push(rowToStoredEvent(row));
    return answers.map((value) => ({ ok: true, value }));
  }

  /**
   * The event stored under this id; undefined when there is none. One this process appended or read
   * lately is answered without a statement (RecentEvents); lookups in flight together share one.
   */
  readEvent(eventId: string): Promise<StoredEvent | undefined> {
    if (!EVENT_ID.test(eventId)) return Promise.resolve(undefined);
    const seen = this.recent.get(eventId);
    return seen ? Promise.resolve(seen) : this.lookups.submit(eventId);
  }

  private async lookupBatch(ids: string[]): Promise<BatchOutcome<StoredEvent | undefined>[]> {
    const rows: unknown[] = await this.ds.query(`SELECT ${COLUMNS} FROM events WHERE event_id = ANY($1::uuid[])`, [
      ids,
    ]);
    const found = rows.map(rowToStoredEvent);
    this.recent.remember(found);
    const byId = new Map(found.map((e) => [e.eventId, e]));
    return ids.map((id) => ({ ok: true, value: byId.get(id) }));
  }

  /**
   * Reads the whole store in an order no later commit can slip in front of. Positions come from
   * a sequence, and sequence order is not commit order: a transaction that took position 10 may
   * commit after one that took 11. So only transactions older than the oldest one still running
   * are read, ordered by (transaction id, position): everything behind the returned checkpoint
   * is final. ORDER BY names the table's columns: bare names would be the select list's text
   * aliases, which sort '10' before '9'.
   */
  async readAll(after: GlobalCheckpoint = START_OF_STORE, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.position
        LIMIT $3`,
      [after.transactionId, after.position, limit],
    );
    return rows.map(rowToStoredEvent);
  }

  /**
   * Events of `types` after `after`, recorded at least olderThanMs ago, that no later event of
   * `answeredBy` in their stream follows, oldest first, but those of `skip`: what the issuance
   * reconciler finds still due (readOpen).
   */
  async readUnanswered(
    types: readonly string[],
    answeredBy: readonly string[],
    olderThanMs: number,
    skip: readonly string[],
    limit: number,
    after: GlobalCheckpoint = START_OF_STORE,
  ): Promise<{ due: StoredEvent[]; settledThrough: GlobalCheckpoint }> {
    return this.readOpen(
      {
        types,
        open: (param) => `NOT EXISTS (SELECT 1 FROM events later
                            WHERE later.stream_id = events.stream_id AND later.stream_version > events.stream_version
                              AND later.type = ANY(${param(answeredBy)}::text[]))`,
      },
      olderThanMs,
      skip,
      limit,
      after,
    );
  }

  /**
   * What a reconciler finds still due: the events the query selects after `after`, recorded at
   * least olderThanMs ago, that are still open (its `open` condition on the row `events`), oldest
   * first, but those of `skip`. And `settledThrough`: how far the next scan may start, the end of
   * the run of selected events from `after` on that are settled (no longer open) or skipped. What
   * settles an event must never unsettle it (the store is append-only, a checkpoint only moves on),
   * so what is behind the mark stays settled. A transaction that took a position early and commits
   * late is not passed over: the mark only moves over transactions older than the oldest still
   * running, in (transaction id, position) order, as readAll reads.
   */
  async readOpen(
    query: OpenEventsQuery,
    olderThanMs: number,
    skip: readonly string[],
    limit: number,
    after: GlobalCheckpoint = START_OF_STORE,
  ): Promise<{ due: StoredEvent[]; settledThrough: GlobalCheckpoint }> {
    const due = parameters();
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM events
        WHERE ${selected(query, due.param)}
          AND (events.transaction_id, events.position) > (${due.param(after.transactionId)}::text::xid8, ${due.param(after.position)}::bigint)
          AND events.recorded_at <= now() - make_interval(secs => ${due.param(olderThanMs)}::double precision / 1000)
          AND events.event_id <> ALL(${due.param(skip)}::uuid[])
          AND ${query.open(due.param)}
        ORDER BY events.transaction_id, events.position
        LIMIT ${due.param(limit)}`,
      due.values,
    );
    const m = parameters();
    const which = selected(query, m.param);
    const past = `(events.transaction_id, events.position) > (${m.param(after.transactionId)}::text::xid8, ${m.param(after.position)}::bigint)`;
    const [mark] = await this.ds.query(
      `WITH open AS (
         SELECT events.transaction_id, events.position FROM events
          WHERE ${which} AND ${past}
            AND (events.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
                 OR (events.event_id <> ALL(${m.param(skip)}::uuid[]) AND ${query.open(m.param)}))
          ORDER BY events.transaction_id, events.position
          LIMIT 1
       )
       SELECT events.transaction_id::text AS tx, events.position::text AS pos FROM events LEFT JOIN open ON true
        WHERE ${which} AND ${past}
          AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (open.position IS NULL OR (events.transaction_id, events.position) < (open.transaction_id, open.position))
        ORDER BY events.transaction_id DESC, events.position DESC
        LIMIT 1`,
      m.values,
    );
    return {
      due: rows.map(rowToStoredEvent),
      settledThrough: mark ? { transactionId: mark.tx, position: mark.pos } : after,
    };
  }

  /** Number of events in the store; used for progress and checks, not on hot paths. */
  async count(): Promise<number> {
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM events`);
    return row.n;
  }
}

/**
 * One statement that bumps each stream only from its expected version and inserts and queues the
 * events of the streams it bumped; `joined` adds writes after `bumped` (taking its parameters
 * through the callback's function). Streams go in sorted order, so two processes' statements are
 * unlikely to lock shared rows in crossing orders (the plan does not promise it).
 */
function manyStreamsStatement(
  batch: readonly PendingAppend[],
  params: unknown[],
  joined: (withParam: (value: unknown) => number) => string,
): string {
  const order = [...batch].sort((x, y) => (x.streamId < y.streamId ? -1 : x.streamId > y.streamId ? 1 : 0));
  const created = order.filter((a) => a.expectedVersion === 0);
  const updated = order.filter((a) => a.expectedVersion !== 0);
  const events = batch.flatMap((a) => a.rows.map((r) => ({ a, r })));
  params.push(
    created.map((a) => a.streamId),
    created.map((a) => a.rows.length),
    updated.map((a) => a.streamId),
    updated.map((a) => a.expectedVersion),
    updated.map((a) => a.expectedVersion + a.rows.length),
    events.map(({ r }) => r.eventId),
    events.map(({ a }) => a.streamId),
    events.map(({ r }) => r.version),
    events.map(({ r }) => r.type),
    events.map(({ r }) => r.schemaVersion),
    events.map(({ r }) => r.data),
    events.map(({ r }) => r.metadata),
  );
  return `WITH created AS (
      INSERT INTO streams (stream_id, version) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING RETURNING stream_id),
    updated AS (
      UPDATE streams s SET version = u.new_version
        FROM unnest($3::text[], $4::int[], $5::int[]) AS u(stream_id, expected_version, new_version)
       WHERE s.stream_id = u.stream_id AND s.version = u.expected_version
      RETURNING s.stream_id),
    bumped AS (SELECT stream_id FROM created UNION ALL SELECT stream_id FROM updated),
    inserted AS (
      INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
      SELECT e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version, e.data, e.metadata
        FROM unnest($6::uuid[], $7::text[], $8::int[], $9::text[], $10::int[], $11::json[], $12::jsonb[]) WITH ORDINALITY
          AS e(event_id, stream_id, stream_version, type, schema_version, data, metadata, n)
       WHERE e.stream_id IN (SELECT stream_id FROM bumped)
       ORDER BY e.n
      RETURNING *),
    queued AS (INSERT INTO outbox (position) SELECT position FROM inserted)${joined((value) => params.push(value))}
    SELECT ${COLUMNS_OF_INSERTED} FROM inserted AS events ORDER BY events.position`;
}

function byStreamOf(stored: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const byStream = new Map<string, StoredEvent[]>();
  for (const e of stored) {
    const appended = byStream.get(e.streamId);
    if (appended) appended.push(e);
    else byStream.set(e.streamId, [e]);
  }
  return byStream;
}

export function checkpointOf(e: StoredEvent): GlobalCheckpoint {
  return { transactionId: e.transactionId, position: e.position };
}

/** The writes as CTEs after the append's own, each guarded by the version check; their values join params. */
function joinWrites(
  appends: readonly { writes: readonly StatementWrite[]; appended: () => string }[],
  params: unknown[],
): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  return appends
    .flatMap(({ writes, appended }) => {
      // A placeholder Postgres never sees used has no type and fails the statement: only appends with writes get their guard.
      const guard = writes.length > 0 ? appended() : '';
      return writes.map((w) => w.sql(guard, param));
    })
    .map((sql, i) => `,\n      joined_${i} AS (${sql})`)
    .join('');
}

/**
 * Runs the statement carrying `writes`; a unique or foreign-key violation (a constraint's, or a trigger's
 * own name) one of them names becomes that write's error.
 */
async function refusing<T>(writes: readonly StatementWrite[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const constraint = uniqueViolation(e) ?? foreignKeyViolation(e);
    if (constraint === undefined) throw e;
    for (const w of writes) {
      const refusal = w.refused?.(constraint);
      if (refusal) throw refusal;
    }
    throw e;
  }
}

async function settle<T>(fn: () => Promise<T>): Promise<BatchOutcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function newCorrelationId(): string {
  return randomUUID();
}

/**
 * The events a reconciler looks at, by type or by stream category, and when one of them is still open: an SQL
 * condition on the row `events`, taking its values through `param` (which answers the placeholder to write).
 */
export interface OpenEventsQuery {
  types?: readonly string[];
  category?: string;
  open: (param: (value: unknown) => string) => string;
}

function selected(query: OpenEventsQuery, param: (value: unknown) => string): string {
  const conditions = [
    ...(query.types ? [`events.type = ANY(${param(query.types)}::text[])`] : []),
    ...(query.category !== undefined ? [`split_part(events.stream_id, '-', 1) = ${param(query.category)}`] : []),
  ];
  return conditions.length ? conditions.join(' AND ') : 'true';
}

/** A statement's values, each written as the placeholder param answers. */
function parameters(): { values: unknown[]; param: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, param: (value) => `$${values.push(value)}` };
}
