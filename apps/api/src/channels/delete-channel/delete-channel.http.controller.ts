import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { assertChannelIdParam } from '../channel-id-param';
import { DeleteChannelCommand } from './delete-channel.command';

@Controller('channels')
@Roles('operator')
export class DeleteChannelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Delete a channel',
    description:
      'Disconnects every client and deletes the channel in one append; its route is free again, its history stays readable.',
    success: { status: 204, description: 'deleted' },
    errors: [...CHANNEL_ERRORS.existing],
  })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new DeleteChannelCommand(assertChannelIdParam(id), requestContext(req)));
  }
}
