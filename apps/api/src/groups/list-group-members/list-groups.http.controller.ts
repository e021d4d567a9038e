import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { ClientView } from '../../clients/client-view';
import { ListClientsQuery } from '../../clients/list-clients/list-clients.query';
import { PageOf } from '../../http/query-page';
import { readPage } from '../../http/query-values';
import { queryFlag, readQuery } from '../../http/query-params';
import { Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { assertGroupIdParam } from '../group-id-param';
import { GroupView } from '../group-view';
import { ListGroupsQuery } from './list-groups.query';

const PAGING = 'Paging: limit 1-100 (default 10), offset. Oldest first, from the read model.';

@Controller('groups')
@Roles('operator')
export class ListGroupsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: 'List groups',
    description: `roots_only=true: only the groups with no parent. ${PAGING}`,
    success: { status: 200, description: '{"items":[group…],"total","limit","offset"}' },
    errors: GROUP_ERRORS.query,
  })
  @Get()
  list(@Query() query: unknown): Promise<PageOf<GroupView>> {
    const q = readQuery(query, ['limit', 'offset', 'roots_only'] as const);
    return this.queries.execute(
      new ListGroupsQuery({ kind: 'all', rootsOnly: queryFlag(q.roots_only, 'roots_only') }, readPage(q)),
    );
  }

  @ClientRoute({
    tag: 'groups',
    summary: "A group's children",
    description: `The groups whose parent it is. ${PAGING}`,
    success: { status: 200, description: '{"items":[group…],"total","limit","offset"}' },
    errors: [...GROUP_ERRORS.query, 'GROUP_NOT_FOUND'],
  })
  @Get(':id/children')
  children(@Param('id') id: string, @Query() query: unknown): Promise<PageOf<GroupView>> {
    return this.below('children', id, query);
  }

  @ClientRoute({
    tag: 'groups',
    summary: "A group's whole subtree",
    description: `Every group below it, at any depth (each with its parent_id, to draw the tree). ${PAGING}`,
    success: { status: 200, description: '{"items":[group…],"total","limit","offset"}' },
    errors: [...GROUP_ERRORS.query, 'GROUP_NOT_FOUND'],
  })
  @Get(':id/subtree')
  subtree(@Param('id') id: string, @Query() query: unknown): Promise<PageOf<GroupView>> {
    return this.below('subtree', id, query);
  }

  @ClientRoute({
    tag: 'groups',
    summary: "A group's clients",
    description: `The live clients directly in it, as GET /clients?group=<id> lists them. ${PAGING}`,
    success: { status: 200, description: '{"items":[client…],"total","limit","offset"}' },
    errors: [...GROUP_ERRORS.query],
  })
  @Get(':id/clients')
  clients(@Param('id') id: string, @Query() query: unknown): Promise<PageOf<ClientView>> {
    const q = readQuery(query, ['limit', 'offset'] as const);
    return this.queries.execute(
      new ListClientsQuery({ group: assertGroupIdParam(id) }, readPage(q), {
        order: 'created_at',
        dir: 'asc',
        onlyTotal: false,
      }),
    );
  }

  private below(kind: 'children' | 'subtree', id: string, query: unknown): Promise<PageOf<GroupView>> {
    const q = readQuery(query, ['limit', 'offset'] as const);
    return this.queries.execute(new ListGroupsQuery({ kind, groupId: assertGroupIdParam(id) }, readPage(q)));
  }
}
