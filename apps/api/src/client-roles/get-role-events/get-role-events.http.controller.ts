import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EventEnvelope } from '@certplane/event-store';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { GetRoleEventsQuery } from './get-role-events.query';

@Controller('clients')
@Roles('operator')
export class GetRoleEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'client-roles',
    summary: "The event stream of a client's roles",
    description:
      'Every change of the roles, oldest first, with its actor in the metadata, in the envelope NATS subscribers receive.',
    success: { status: 200, description: '{"events":[envelope…]}' },
    errors: ['CLIENT_NOT_FOUND'],
  })
  @Get(':id/role-events')
  @MemberMay('view_role_users')
  events(@Param('id') id: string): Promise<{ events: EventEnvelope[] }> {
    return this.queries.execute(new GetRoleEventsQuery(assertClientIdParam(id)));
  }
}
