import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { assertValidConnectionRequest } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { MemberMayConnect, Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { assertChannelIdParam } from '../channel-id-param';
import { DisconnectClientsCommand } from './disconnect-clients.command';

@Controller('channels')
@Roles('operator')
export class DisconnectClientsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Disconnect clients from a channel',
    description:
      'Body as for connect; every client loses every type named. All or nothing: a pair that is not connected records nothing.',
    success: { status: 204, description: 'disconnected' },
    errors: [...CHANNEL_ERRORS.body, ...CHANNEL_ERRORS.connection, ...CHANNEL_ERRORS.existing, 'CONNECTION_NOT_FOUND'],
  })
  @Post(':id/disconnect')
  @MemberMayConnect()
  @HttpCode(204)
  async disconnect(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<void> {
    const channelId = assertChannelIdParam(id);
    const { client_ids, types } = readBody(body, ['client_ids', 'types'] as const);
    await this.commands.execute(
      new DisconnectClientsCommand(
        channelId,
        assertValidConnectionRequest({ clientIds: client_ids, types }),
        requestContext(req),
      ),
    );
  }
}
