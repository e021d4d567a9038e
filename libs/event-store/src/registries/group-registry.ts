import { GroupCycleError, GroupNotEmptyError, GroupNotFoundError } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { holdLiveClients } from './client-registry';

/** One key for every change of the hierarchy (pg_advisory_xact_lock's bigint: "groups" in ASCII, as a number). */
const HIERARCHY_LOCK_KEY = '113741193900147';

/**
 * The write side of groups, kept in the append transactions of the events that change the
 * hierarchy. Every such transaction first takes one transaction-level advisory lock, so they run
 * one after another: a re-parenting's cycle check walks the ancestors as the last one committed
 * left them (READ COMMITTED: each statement sees what committed before it began), and of two
 * re-parentings that together would close a cycle the second finds the first's edge and fails.
 * Re-parentings are rare operator acts; a single lock is what makes the check simple and sound,
 * where row locks along two ancestor paths would deadlock instead.
 */
export class GroupRegistry {
  async create(tx: Tx, groupId: string, parentId: string | undefined): Promise<void> {
    await this.lock(tx);
    if (parentId !== undefined) await this.assertLive(tx, parentId, 'parent');
    await tx.query(`INSERT INTO group_registry (group_id, parent_id) VALUES ($1, $2)`, [groupId, parentId ?? null]);
  }

  /** Fails with GROUP_CYCLE when `parentId` is `groupId` or below it. */
  async setParent(tx: Tx, groupId: string, parentId: string | null): Promise<void> {
    await this.lock(tx);
    if (parentId !== null) {
      await this.assertLive(tx, parentId, 'parent');
      const [cycle] = await tx.query(
        `WITH RECURSIVE up(group_id, parent_id) AS (
           SELECT group_id, parent_id FROM group_registry WHERE group_id = $1 AND active
           UNION
           SELECT g.group_id, g.parent_id FROM group_registry g JOIN up ON g.group_id = up.parent_id WHERE g.active
         )
         SELECT 1 FROM up WHERE group_id = $2 LIMIT 1`,
        [parentId, groupId],
      );
      if (cycle) throw new GroupCycleError();
    }
    await tx.query(`UPDATE group_registry SET parent_id = $2 WHERE group_id = $1`, [groupId, parentId]);
  }

  /** Only an empty group goes: a child group or a live client in it refuses the deletion. */
  async delete(tx: Tx, groupId: string): Promise<void> {
    await this.lock(tx);
    const [child] = await tx.query(`SELECT 1 FROM group_registry WHERE parent_id = $1 AND active LIMIT 1`, [groupId]);
    if (child) throw new GroupNotEmptyError('child groups');
    const [client] = await tx.query(`SELECT 1 FROM client_registry WHERE parent_group_id = $1 AND active LIMIT 1`, [
      groupId,
    ]);
    if (client) throw new GroupNotEmptyError('clients');
    await tx.query(`UPDATE group_registry SET active = false WHERE group_id = $1`, [groupId]);
  }

  /** The client (held live) goes into `groupId`, or into none. */
  async setClientParent(tx: Tx, clientId: string, groupId: string | null): Promise<void> {
    await this.lock(tx);
    if (groupId !== null) await this.assertLive(tx, groupId, 'parent');
    await holdLiveClients(tx, [clientId]);
    await tx.query(`UPDATE client_registry SET parent_group_id = $2 WHERE client_id = $1`, [clientId, groupId]);
  }

  private async lock(tx: Tx): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK_KEY]);
  }

  private async assertLive(tx: Tx, groupId: string, what: string): Promise<void> {
    const [row] = await tx.query(`SELECT 1 FROM group_registry WHERE group_id = $1 AND active`, [groupId]);
    if (!row) throw new GroupNotFoundError(`with the ${what} id ${groupId}`);
  }
}
