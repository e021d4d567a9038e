import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { CHANNEL_ERRORS } from '../channel-api-docs';
import { ChannelView } from '../channel-view';
import { CreateChannelCommand } from './create-channel.command';

@Controller('channels')
@Roles('operator')
export class CreateChannelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'channels',
    summary: 'Create a channel',
    description:
      'Body {"name","tags"?,"metadata"?,"route"?}: route is the topic the channel carries (docs/channels.md), unique among live channels.',
    success: { status: 201, description: 'the channel, with a Location' },
    errors: [...CHANNEL_ERRORS.body, ...CHANNEL_ERRORS.fields],
  })
  @Post()
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ChannelView> {
    const { name, tags, metadata, route } = readBody(body, ['name', 'tags', 'metadata', 'route'] as const);
    const channel: ChannelView = await this.commands.execute(
      new CreateChannelCommand({ name, tags, metadata, route }, requestContext(req)),
    );
    res.header('Location', `/channels/${channel.id}`);
    return channel;
  }
}
