import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { readQuery } from '../../http/query-params';
import { ProfileView } from '../profile-view';
import { ListProfilesQuery } from './list-profiles.query';
import { Roles } from '../../auth/access.decorators';

@Controller('profiles')
@Roles('operator')
export class ListProfilesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ClientRoute({
    tag: 'profiles',
    summary: 'List the certificate profiles',
    description: 'The built-in default first, then by name.',
    success: { status: 200, description: 'an array of profiles' },
    errors: ['UNKNOWN_QUERY_PARAMETER'],
  })
  list(@Query() query: unknown): Promise<ProfileView[]> {
    readQuery(query, [] as const);
    return this.queries.execute(new ListProfilesQuery());
  }
}
