import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GroupNotFoundError } from '@certplane/domain';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { GROUP_COLUMNS, GroupRow, groupViewFromRow, GroupView } from '../group-view';
import { ListGroupsQuery } from './list-groups.query';

// The subtree walks the read model's parent links down from the group; UNION stops at a repeat, so
// even a read model caught between two moves cannot loop.
const SUBTREE = `(WITH RECURSIVE down(group_id, depth) AS (
    SELECT group_id, 0 FROM rm_groups WHERE parent_id = $1
    UNION
    SELECT g.group_id, d.depth + 1 FROM rm_groups g JOIN down d ON g.parent_id = d.group_id WHERE d.depth < 1000
  ) SELECT DISTINCT group_id FROM down)`;

/** From the read model, oldest first; it follows the event store by a moment, as the client list does. */
@QueryHandler(ListGroupsQuery)
export class ListGroupsHandler implements IQueryHandler<ListGroupsQuery, PageOf<GroupView>> {
  constructor(private readonly ds: DataSource) {}

  async execute({ scope, page }: ListGroupsQuery): Promise<PageOf<GroupView>> {
    const where = new Where();
    if (scope.kind === 'all') {
      if (scope.rootsOnly) where.and('g.parent_id IS NULL');
    } else {
      const [found] = await this.ds.query(`SELECT 1 FROM rm_groups WHERE group_id = $1`, [scope.groupId]);
      if (!found) throw new GroupNotFoundError();
      if (scope.kind === 'children') where.and('g.parent_id = ?', scope.groupId);
      else where.and(`g.group_id IN ${SUBTREE.replace('$1', '?')}`, scope.groupId);
    }
    return queryPage(
      this.ds,
      { select: GROUP_COLUMNS, from: 'rm_groups g', where, orderBy: 'g.created_at, g.group_id', page },
      (r: GroupRow) => groupViewFromRow(r),
    );
  }
}
