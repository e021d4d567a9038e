import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EventEnvelope } from '@certplane/event-store';
import { ClientRoute } from '../../clients/client-api-docs';
import { readTimestamp } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { assertGroupIdParam } from '../group-id-param';
import { GroupView } from '../group-view';
import { GetGroupEventsQuery, GetGroupQuery } from './get-group.query';

@Controller('groups')
@Roles('operator')
export class GetGroupHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: 'Get a group, now or at a moment',
    description: "Folded from the group's events; with ?at=<RFC 3339> the group as it was then (its parent included).",
    success: { status: 200, description: 'the group' },
    errors: [...GROUP_ERRORS.query, 'GROUP_NOT_FOUND'],
  })
  @Get(':id')
  get(@Param('id') id: string, @Query() query: unknown): Promise<GroupView> {
    const { at } = readQuery(query, ['at'] as const);
    return this.queries.execute(
      new GetGroupQuery(assertGroupIdParam(id), at === undefined ? undefined : readTimestamp(at, 'at')),
    );
  }

  @ClientRoute({
    tag: 'groups',
    summary: "The group's event stream",
    description: 'Every event of the group, oldest first, in the envelope NATS subscribers receive.',
    success: { status: 200, description: '{"events":[envelope…]}' },
    errors: ['GROUP_NOT_FOUND'],
  })
  @Get(':id/events')
  events(@Param('id') id: string): Promise<{ events: EventEnvelope[] }> {
    return this.queries.execute(new GetGroupEventsQuery(assertGroupIdParam(id)));
  }
}
