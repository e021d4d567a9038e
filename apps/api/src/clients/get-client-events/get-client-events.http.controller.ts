import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EventHistory } from '@certplane/api-contract';
import { ClientRoute } from '../client-api-docs';
import { assertClientIdParam } from '../client-id-param';
import { GetClientEventsQuery } from './get-client-events.query';
import { MemberMay, Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class GetClientEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    summary: "The client's event stream",
    description:
      'Every event of the client, oldest first, in the envelope NATS subscribers receive: metadata.actor is who, correlationId which request, causationId in answer to what.',
    success: { status: 200, description: '{"events":[envelope…]}' },
    errors: ['CLIENT_NOT_FOUND'],
  })
  @Get(':id/events')
  @MemberMay('view')
  events(@Param('id') id: string): Promise<EventHistory> {
    return this.queries.execute(new GetClientEventsQuery(assertClientIdParam(id)));
  }
}
