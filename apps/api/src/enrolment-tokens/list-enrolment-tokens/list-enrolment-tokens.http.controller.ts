import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';
import { EnrolmentTokenView } from '../enrolment-token-view';
import { ListEnrolmentTokensQuery } from './list-enrolment-tokens.query';

@Controller('enrolment-tokens')
@Roles('operator')
export class ListEnrolmentTokensHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'enrolment-tokens',
    summary: 'List enrolment tokens',
    description:
      'Every token, oldest first, with what it allows, its uses left, expiry and status (active, expired, used, revoked); never the token itself.',
    success: { status: 200, description: 'an array of tokens' },
    errors: ['READ_MODEL_PENDING'],
  })
  @Get()
  list(): Promise<EnrolmentTokenView[]> {
    return this.queries.execute(new ListEnrolmentTokensQuery());
  }
}
