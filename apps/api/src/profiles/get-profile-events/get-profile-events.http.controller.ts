import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EventEnvelope } from '@certplane/event-store';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';
import { GetProfileEventsQuery } from './get-profile-events.query';

@Controller('profiles')
@Roles('operator')
export class GetProfileEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':name/events')
  @ClientRoute({
    tag: 'profiles',
    summary: "A certificate profile's history",
    description:
      'Every event of every profile that has had the name (defined, changed, deleted, defined again), oldest first, in the envelope NATS subscribers receive. `default` is built in: no events.',
    success: { status: 200, description: '{"events":[envelope…]}' },
    errors: ['PROFILE_NOT_FOUND'],
  })
  events(@Param('name') name: string): Promise<{ events: EventEnvelope[] }> {
    return this.queries.execute(new GetProfileEventsQuery(name));
  }
}
