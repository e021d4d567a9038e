import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { PROFILE_ERRORS } from '../profile-view';
import { DeleteProfileCommand } from './delete-profile.command';

@Controller('profiles')
export class DeleteProfileHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':name')
  @HttpCode(204)
  @ClientRoute({
    tag: 'profiles',
    summary: 'Delete a certificate profile',
    description: 'Refused while a live client is under it.',
    success: { status: 204, description: 'deleted; no body' },
    errors: [...PROFILE_ERRORS, 'PROFILE_NOT_FOUND', 'PROFILE_IN_USE', 'CONCURRENCY_CONFLICT'],
  })
  async delete(@Param('name') name: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new DeleteProfileCommand(name, requestContext(req)));
  }
}
