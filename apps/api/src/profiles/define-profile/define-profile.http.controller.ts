import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { PROFILE_ERRORS, PROFILE_FIELDS, ProfileView } from '../profile-view';
import { DefineProfileCommand } from './define-profile.command';

/** Admin only (no @Roles): a profile decides what certificates certplane vouches for. */
@Controller('profiles')
export class DefineProfileHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ClientRoute({
    tag: 'profiles',
    summary: 'Define a certificate profile',
    description:
      'Body {"name","keyTypes","extendedKeyUsages","sans"?,"subject","validity"?,"maxValidity"?}; see docs/profiles.md.',
    success: { status: 201, description: 'the profile' },
    errors: [...CLIENT_ERRORS.body, ...PROFILE_ERRORS, 'PROFILE_ALREADY_EXISTS'],
  })
  define(@Body() body: unknown, @Req() req: FastifyRequest): Promise<ProfileView> {
    const { name, ...profile } = readBody(body, ['name', ...PROFILE_FIELDS] as const);
    return this.commands.execute(new DefineProfileCommand(name, profile, requestContext(req)));
  }
}
