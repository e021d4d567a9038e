import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { PROFILE_ERRORS, PROFILE_FIELDS, ProfileView } from '../profile-view';
import { UpdateProfileCommand } from './update-profile.command';

/** Admin only (no @Roles), as every profile write. */
@Controller('profiles')
export class UpdateProfileHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':name')
  @ClientRoute({
    tag: 'profiles',
    summary: 'Change some fields of a certificate profile',
    description:
      'Body: any of {"keyTypes","extendedKeyUsages","sans","subject","validity","maxValidity"}; each replaces the value, null removes validity, maxValidity or sans. ' +
      'The result is checked as a definition is. Certificates already issued keep what they say; the next one issued under the profile follows it.',
    success: { status: 200, description: 'the profile after the change' },
    errors: [...CLIENT_ERRORS.body, ...PROFILE_ERRORS, 'PROFILE_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
  })
  update(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ProfileView> {
    return this.commands.execute(new UpdateProfileCommand(name, readBody(body, PROFILE_FIELDS), requestContext(req)));
  }
}
