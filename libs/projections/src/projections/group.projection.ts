import { eventRegistry, GROUP_EVENTS } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { StoredEvent } from '@certplane/event-store';
import { Projection } from '../projection';

/** rm_groups: one row per live group, with its parent; the hierarchy's reads walk it. */
export class GroupProjection implements Projection {
  readonly name = 'groups';
  readonly category = 'group';
  readonly tables = ['rm_groups'];

  async apply(tx: Tx, e: StoredEvent): Promise<void> {
    const ev = eventRegistry.parseOf(GROUP_EVENTS, e.type, e.schemaVersion, e.data);
    const d = ev.data;
    switch (ev.type) {
      case 'GroupCreated': {
        const g = ev.data;
        await tx.query(
          `INSERT INTO rm_groups (group_id, name, metadata, parent_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [g.groupId, g.name, JSON.stringify(g.metadata), g.parentId ?? null, e.streamVersion, e.recordedAt],
        );
        return;
      }
      case 'GroupParentChanged':
        await tx.query(`UPDATE rm_groups SET parent_id = $2, version = $3, updated_at = $4 WHERE group_id = $1`, [
          d.groupId,
          ev.data.parentId,
          e.streamVersion,
          e.recordedAt,
        ]);
        return;
      case 'GroupDeleted':
        await tx.query(`DELETE FROM rm_groups WHERE group_id = $1`, [d.groupId]);
        return;
      default:
        await tx.query(`UPDATE rm_groups SET version = $2, updated_at = $3 WHERE group_id = $1`, [
          d.groupId,
          e.streamVersion,
          e.recordedAt,
        ]);
    }
  }
}
