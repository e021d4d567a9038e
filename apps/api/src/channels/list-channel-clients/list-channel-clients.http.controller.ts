import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CONNECTION_TYPES } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { PageOf } from '../../http/query-page';
import { readChoice, readPage } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { assertChannelIdParam } from '../channel-id-param';
import { ChannelClientView } from './list-channel-clients.handler';
import { ListChannelClientsQuery } from './list-channel-clients.query';

@Controller('channels')
@Roles('operator')
export class ListChannelClientsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'The clients connected to a channel',
    description:
      'Filter: type (publish or subscribe). Paging: limit 1-100 (default 10), offset. Each item is a client with the types it is connected with.',
    success: {
      status: 200,
      description: '{"items":[{"client_id","name","types","connected_at"}…],"total","limit","offset"}',
    },
    errors: [...CHANNEL_ERRORS.query, 'CHANNEL_NOT_FOUND'],
  })
  @Get(':id/clients')
  list(@Param('id') id: string, @Query() query: unknown): Promise<PageOf<ChannelClientView>> {
    const channelId = assertChannelIdParam(id);
    const q = readQuery(query, ['limit', 'offset', 'type'] as const);
    return this.queries.execute(
      new ListChannelClientsQuery(
        channelId,
        q.type === undefined ? undefined : readChoice(q.type, 'type', CONNECTION_TYPES),
        readPage(q),
      ),
    );
  }
}
