import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CONNECTION_TYPES } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { PageOf } from '../../http/query-page';
import { readChoice, readPage } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { ChannelView } from '../channel-view';
import { ListClientChannelsQuery } from './list-client-channels.query';

@Controller('clients')
@Roles('operator')
export class ListClientChannelsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'The channels a client is connected to',
    description:
      'Filter: type (publish or subscribe). Paging: limit 1-100 (default 10), offset. Each item is a channel with the types the client is connected with.',
    success: { status: 200, description: '{"items":[channel with types…],"total","limit","offset"}' },
    errors: [...CHANNEL_ERRORS.query, 'CLIENT_NOT_FOUND'],
  })
  @Get(':id/channels')
  @MemberMay('view')
  list(@Param('id') id: string, @Query() query: unknown): Promise<PageOf<ChannelView & { types: string[] }>> {
    const clientId = assertClientIdParam(id);
    const q = readQuery(query, ['limit', 'offset', 'type'] as const);
    return this.queries.execute(
      new ListClientChannelsQuery(
        clientId,
        q.type === undefined ? undefined : readChoice(q.type, 'type', CONNECTION_TYPES),
        readPage(q),
      ),
    );
  }
}
