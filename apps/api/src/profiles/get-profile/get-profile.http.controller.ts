import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readQuery } from '../../http/query-params';
import { readTimestamp } from '../../http/query-values';
import { ProfileView } from '../profile-view';
import { GetProfileQuery } from './get-profile.query';
import { Roles } from '../../auth/access.decorators';

@Controller('profiles')
@Roles('operator')
export class GetProfileHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':name')
  @ClientRoute({
    tag: 'profiles',
    summary: 'One certificate profile, now or at a moment',
    description:
      "`default` is the built-in one. Folded from the profile's events; with ?at=<RFC 3339> the profile that had the name then, as it was then.",
    success: { status: 200, description: 'the profile' },
    errors: [...CLIENT_ERRORS.query, 'PROFILE_NOT_FOUND'],
  })
  get(@Param('name') name: string, @Query() query: unknown): Promise<ProfileView> {
    const { at } = readQuery(query, ['at'] as const);
    return this.queries.execute(new GetProfileQuery(name, at === undefined ? undefined : readTimestamp(at, 'at')));
  }
}
