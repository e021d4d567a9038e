import type { EventHistory } from '@certplane/api-contract';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';
import { assertChannelIdParam } from '../channel-id-param';
import { GetChannelEventsQuery } from './get-channel-events.query';

@Controller('channels')
@Roles('operator')
export class GetChannelEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: "The channel's event stream",
    description:
      "Every event of the channel, oldest first, connects and disconnects (a client deletion's among them) included, in the envelope NATS subscribers receive.",
    success: { status: 200, description: '{"events":[envelope…]}' },
    errors: ['CHANNEL_NOT_FOUND'],
  })
  @Get(':id/events')
  events(@Param('id') id: string): Promise<EventHistory> {
    return this.queries.execute(new GetChannelEventsQuery(assertChannelIdParam(id)));
  }
}
