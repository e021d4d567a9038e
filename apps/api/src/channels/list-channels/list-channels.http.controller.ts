import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { PageOf } from '../../http/query-page';
import { readPage } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { ChannelView } from '../channel-view';
import { ListChannelsQuery } from './list-channels.query';

@Controller('channels')
@Roles('operator')
export class ListChannelsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'List channels',
    description:
      'Filters: name (exact), tag (one), route (exact). Paging: limit 1-100 (default 10), offset. Oldest first, from the read model.',
    success: { status: 200, description: '{"items":[channel…],"total","limit","offset"}' },
    errors: [...CHANNEL_ERRORS.query],
  })
  @Get()
  list(@Query() query: unknown): Promise<PageOf<ChannelView>> {
    const q = readQuery(query, ['limit', 'offset', 'name', 'tag', 'route'] as const);
    return this.queries.execute(new ListChannelsQuery({ name: q.name, tag: q.tag, route: q.route }, readPage(q)));
  }
}
