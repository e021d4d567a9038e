import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { readTimestamp } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { assertChannelIdParam } from '../channel-id-param';
import { ChannelView } from '../channel-view';
import { GetChannelQuery } from './get-channel.query';

@Controller('channels')
@Roles('operator')
export class GetChannelHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Get a channel, now or at a moment',
    description: "Folded from the channel's events; with ?at=<RFC 3339> the channel as it was then.",
    success: { status: 200, description: 'the channel' },
    errors: [...CHANNEL_ERRORS.query, 'CHANNEL_NOT_FOUND'],
  })
  @Get(':id')
  get(@Param('id') id: string, @Query() query: unknown): Promise<ChannelView> {
    const { at } = readQuery(query, ['at'] as const);
    return this.queries.execute(
      new GetChannelQuery(assertChannelIdParam(id), at === undefined ? undefined : readTimestamp(at, 'at')),
    );
  }
}
