import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Channel, newChannelId } from '@certplane/domain';
import { ChannelRegistry, ChannelRepository } from '@certplane/event-store';
import { channelView, ChannelView } from '../channel-view';
import { CreateChannelCommand } from './create-channel.command';

/** The creation and its route's reservation in one transaction: a taken route records nothing. */
@CommandHandler(CreateChannelCommand)
export class CreateChannelHandler implements ICommandHandler<CreateChannelCommand, ChannelView> {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute({ input, context }: CreateChannelCommand): Promise<ChannelView> {
    const channelId = newChannelId();
    const events = Channel.create({ channelId, ...input });
    const created = events[0].data;
    const { after } = await this.channels.create(
      channelId,
      { events, also: [this.registry.reserve(channelId, created.route)] },
      context,
    );
    return channelView(after);
  }
}
