import { DataSource } from 'typeorm';
import { rowToStoredEvent, storedEventColumns, streamCategory } from '@certplane/event-store';
import { inTransaction } from '@certplane/persistence';
import { Projector, PROJECTION_LOCK_KEY } from './projector';

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Empties the projections and replays the event store from position 0 in one transaction, so
 * readers see the old rows until the new ones are complete. Live projecting waits on the lock
 * meanwhile and continues after; events committed during the rebuild reach the live projector
 * as usual, and any it already applied are caught again by the per-stream catch-up.
 */
export async function rebuildProjections(
  ds: DataSource,
  projector: Projector,
  onProgress?: (p: RebuildProgress) => void,
  pageSize = 1000,
): Promise<RebuildProgress> {
  return inTransaction(ds, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PROJECTION_LOCK_KEY]);
    const names = projector.projections.map((p) => p.name);
    for (const p of projector.projections) for (const t of p.tables) await tx.query(`DELETE FROM ${t}`);
    await tx.query(`DELETE FROM projection_stream_versions WHERE projection = ANY($1::text[])`, [names]);
    const [{ total }] = await tx.query(`SELECT count(*)::int AS total FROM events`);
    const progress = { done: 0, total };
    let after = { tx: '0', pos: '0' };
    // The table's columns, not the select list's text aliases of the same names: those sort '10' before '9',
    // and the keyset cursor would then skip events.
    for (;;) {
      const rows = await tx.query(
        `SELECT ${storedEventColumns('events')} FROM events WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint) ORDER BY events.transaction_id, events.position LIMIT $3`,
        [after.tx, after.pos, pageSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const e = rowToStoredEvent(row);
        for (const p of projector.projections)
          if (p.category === streamCategory(e.streamId)) await projector.projectInto(tx, p, e);
      }
      const last = rows[rows.length - 1];
      after = { tx: last.transaction_id, pos: last.position };
      progress.done += rows.length;
      onProgress?.({ ...progress });
    }
    return progress;
  });
}
