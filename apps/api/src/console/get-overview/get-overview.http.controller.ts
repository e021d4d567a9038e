import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';
import type { FleetOverview } from '@certplane/api-contract';
import { GetOverviewQuery } from './get-overview.query';

@Controller('overview')
@Roles('operator')
export class GetOverviewHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'console',
    summary: 'The fleet at a glance',
    description:
      'Clients by status; certificates valid, expiring within 7 and 30 days, expired and revoked; issued per minute over the last hour (60 counts, oldest first); ' +
      "valid certificates by the day they expire over the next 90 days (90 counts); the CA's subject and expiry; the outbox and each durable consumer's lag. From the read models.",
    success: {
      status: 200,
      description: '{"at","clients","certificates","issued_per_minute","expiring_per_day","ca","lag"}',
    },
    errors: [],
  })
  @Get()
  overview(): Promise<FleetOverview> {
    return this.queries.execute(new GetOverviewQuery(new Date()));
  }
}
