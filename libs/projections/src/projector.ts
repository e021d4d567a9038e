import { DataSource } from 'typeorm';
import { PostgresEventStore, streamCategory } from '@certplane/event-store';
import { inTransaction, Tx } from '@certplane/persistence';
import { Projection } from './projection';
import { fromStored, ProjectedEvent } from './projected-event';

// Live projecting holds this shared; a rebuild holds it exclusive. "certproj" in ASCII.
export const PROJECTION_LOCK_KEY = '7162254444389822314';

/**
 * Applies events to projections exactly once per (projection, stream, version), whatever order
 * and however often the bus delivers them: a version at or below the checkpoint is skipped, and
 * a version past the next one first catches the stream up from the event store, the source of truth.
 */
export class Projector {
  constructor(
    private readonly ds: DataSource,
    private readonly store: PostgresEventStore,
    readonly projections: readonly Projection[],
  ) {}

  async project(event: ProjectedEvent): Promise<{ applied: number }> {
    const interested = this.projections.filter((p) => p.category === streamCategory(event.streamId));
    if (interested.length === 0) return { applied: 0 };
    return inTransaction(this.ds, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [PROJECTION_LOCK_KEY]);
      let applied = 0;
      for (const p of interested) applied += await this.projectInto(tx, p, event);
      return { applied };
    });
  }

  /** Same rules as live projecting, inside a caller's transaction (the rebuild). */
  async projectInto(tx: Tx, p: Projection, event: ProjectedEvent): Promise<number> {
    await tx.query(`INSERT INTO projection_stream_versions (projection, stream_id, version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [p.name, event.streamId]);
    const [row] = await tx.query(`SELECT version FROM projection_stream_versions WHERE projection = $1 AND stream_id = $2 FOR UPDATE`, [p.name, event.streamId]);
    const current: number = row.version;
    if (event.streamVersion <= current) return 0;
    const pending =
      event.streamVersion === current + 1
        ? [event]
        : (await this.store.readStream(event.streamId, current, tx)).filter((e) => e.streamVersion <= event.streamVersion).map(fromStored);
    for (const e of pending) await p.apply(tx, e);
    await tx.query(`UPDATE projection_stream_versions SET version = $3 WHERE projection = $1 AND stream_id = $2`, [p.name, event.streamId, pending[pending.length - 1].streamVersion]);
    return pending.length;
  }
}
