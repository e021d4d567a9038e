import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
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
    summary: 'One certificate profile',
    description: '`default` is the built-in one.',
    success: { status: 200, description: 'the profile' },
    errors: ['PROFILE_NOT_FOUND'],
  })
  get(@Param('name') name: string): Promise<ProfileView> {
    return this.queries.execute(new GetProfileQuery(name));
  }
}
