import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { PROFILE_ERRORS, PROFILE_FIELDS, ProfileView } from '../profile-view';
import { ReplaceProfileCommand } from './replace-profile.command';

@Controller('profiles')
export class ReplaceProfileHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':name')
  @ClientRoute({
    tag: 'profiles',
    summary: 'Define or replace a certificate profile',
    description:
      'Body: the whole profile, as for POST without name. The same profile again records nothing. Certificates already issued keep what they say.',
    success: { status: 200, description: 'the profile' },
    errors: [...CLIENT_ERRORS.body, ...PROFILE_ERRORS, 'CONCURRENCY_CONFLICT'],
  })
  replace(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ProfileView> {
    return this.commands.execute(new ReplaceProfileCommand(name, readBody(body, PROFILE_FIELDS), requestContext(req)));
  }
}
