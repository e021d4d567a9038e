import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { assertChannelIdParam } from '../channel-id-param';
import { ChannelView } from '../channel-view';
import { UpdateChannelCommand } from './update-channel.command';

@Controller('channels')
@Roles('operator')
export class UpdateChannelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Update a channel',
    description: 'Body {"name"?,"tags"?,"metadata"?,"route"?}: each replaces the value; route null removes it.',
    success: { status: 200, description: 'the channel' },
    errors: [...CHANNEL_ERRORS.body, ...CHANNEL_ERRORS.fields, ...CHANNEL_ERRORS.existing],
  })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ChannelView> {
    const channelId = assertChannelIdParam(id);
    return this.commands.execute(
      new UpdateChannelCommand(
        channelId,
        readBody(body, ['name', 'tags', 'metadata', 'route'] as const),
        requestContext(req),
      ),
    );
  }
}
