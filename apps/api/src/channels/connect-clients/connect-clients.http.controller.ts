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
import { ConnectClientsCommand } from './connect-clients.command';

@Controller('channels')
@Roles('operator')
export class ConnectClientsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Connect clients to a channel',
    description:
      'Body {"client_ids":[1-1000 client ids],"types":["publish"|"subscribe",…]}: every client gets every type. All or nothing: an unknown client or a pair connected already records nothing.',
    success: { status: 204, description: 'connected' },
    errors: [
      ...CHANNEL_ERRORS.body,
      ...CHANNEL_ERRORS.connection,
      ...CHANNEL_ERRORS.existing,
      'CLIENT_NOT_FOUND',
      'CONNECTION_ALREADY_EXISTS',
    ],
  })
  @Post(':id/connect')
  @MemberMayConnect()
  @HttpCode(204)
  async connect(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<void> {
    const channelId = assertChannelIdParam(id);
    const { client_ids, types } = readBody(body, ['client_ids', 'types'] as const);
    await this.commands.execute(
      new ConnectClientsCommand(
        channelId,
        assertValidConnectionRequest({ clientIds: client_ids, types }),
        requestContext(req),
      ),
    );
  }
}
