import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConcurrencyError, DomainEvent } from '@certplane/domain';
import { inTransaction, StatementWrite, Tx } from '@certplane/persistence';
import { EventMetadata, GlobalCheckpoint, START_OF_STORE, StoredEvent } from './stored-event';
import { rowToStoredEvent, storedEventColumns } from './stored-event-row';

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
  /** Writes that must commit or fail together with the events (reservations, sealed keys). */
  alsoInTransaction?: (tx: Tx) => Promise<void>;
  /**
   * The same, folded into the append's one statement: one round trip instead of a transaction's
   * BEGIN, append, writes and COMMIT. A unique violation in one of them fails the append with it.
   */
  alsoInStatement?: readonly StatementWrite[];
}


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
    const newVersion = opts.expectedVersion + events.length;
    const timestamp = new Date().toISOString();
    const rows = events.map((e, i) => ({
      eventId: randomUUID(),
      version: opts.expectedVersion + i + 1,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: { ...stripUndefined({ ...this.options.ambientContext?.(), ...stripUndefined(opts.context) }), timestamp } as Omit<EventMetadata, 'eventId'>,
    }));
    // One statement bumps the stream (only from the expected version), inserts the events and
    // queues them in the outbox: no events are inserted unless the bump happened.
    const bump =
      opts.expectedVersion === 0
        ? `INSERT INTO streams (stream_id, version) VALUES ($1, $8) ON CONFLICT DO NOTHING RETURNING version`
        : `UPDATE streams SET version = $8 WHERE stream_id = $1 AND version = $9 RETURNING version`;
    const params: unknown[] = [
      streamId,
      rows.map((r) => r.eventId),
      rows.map((r) => r.version),
      rows.map((r) => r.type),
      rows.map((r) => r.schemaVersion),
      rows.map((r) => JSON.stringify(r.data)),
      rows.map((r, i) => JSON.stringify({ ...r.metadata, eventId: rows[i].eventId })),
      newVersion,
      ...(opts.expectedVersion === 0 ? [] : [opts.expectedVersion]),
    ];
    const joined = joinWrites(opts.alsoInStatement ?? [], params);
    const sql = `WITH bumped AS (${bump}),
      inserted AS (
        INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
        SELECT e.event_id, $1, e.stream_version, e.type, e.schema_version, e.data, e.metadata
          FROM unnest($2::uuid[], $3::int[], $4::text[], $5::int[], $6::json[], $7::jsonb[])
            AS e(event_id, stream_version, type, schema_version, data, metadata)
         WHERE EXISTS (SELECT 1 FROM bumped)
         ORDER BY e.stream_version
        RETURNING *),
      queued AS (INSERT INTO outbox (position) SELECT position FROM inserted)${joined}
      SELECT ${COLUMNS_OF_INSERTED} FROM inserted AS events ORDER BY stream_version`;
    const appendIn = async (tx: Pick<Tx, 'query'>): Promise<StoredEvent[]> => {
      const inserted = await tx.query(sql, params);
      if (inserted.length === 0) throw new ConcurrencyError(streamId, opts.expectedVersion);
      return inserted.map(rowToStoredEvent);
    };
    const stored = opts.alsoInTransaction
      ? await inTransaction(this.ds, async (tx) => {
          const appended = await appendIn(tx);
          await opts.alsoInTransaction!(tx);
          return appended;
        })
      : // A single statement is a transaction of its own.
        await appendIn(this.ds);
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  /** Reads through tx when given, so a caller inside a transaction sees and locks consistently. */
  async readStream(streamId: string, afterVersion = 0, tx?: Tx): Promise<StoredEvent[]> {
    const rows = await (tx ?? this.ds).query(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`, [streamId, afterVersion]);
    return rows.map(rowToStoredEvent);
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

  /** Number of events in the store; used for progress and checks, not on hot paths. */
  async count(): Promise<number> {
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM events`);
    return row.n;
  }
}

export function checkpointOf(e: StoredEvent): GlobalCheckpoint {
  return { transactionId: e.transactionId, position: e.position };
}

/** The writes as CTEs after the append's own, each guarded by the version check; their values join params. */
function joinWrites(writes: readonly StatementWrite[], params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  return writes.map((w, i) => `,\n      joined_${i} AS (${w.sql('EXISTS (SELECT 1 FROM bumped)', param)})`).join('');
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function newCorrelationId(): string {
  return randomUUID();
}
