import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ChannelUpdated } from '@certplane/domain';
import { ChannelRegistry, ChannelRepository } from '@certplane/event-store';
import { channelView, ChannelView } from '../channel-view';
import { UpdateChannelCommand } from './update-channel.command';

/** A new route is claimed, and the old one freed, in the append's transaction. */
@CommandHandler(UpdateChannelCommand)
export class UpdateChannelHandler implements ICommandHandler<UpdateChannelCommand, ChannelView> {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute({ channelId, patch, context }: UpdateChannelCommand): Promise<ChannelView> {
    const { after } = await this.channels.update(
      channelId,
      (channel) => {
        const events = channel.update(patch);
        const [updated] = events;
        const route = updated?.type === ChannelUpdated.type ? updated.data.route : undefined;
        return {
          events,
          also: route === undefined ? [] : [this.registry.changeRoute(channelId, route ?? undefined)],
        };
      },
      context,
    );
    return channelView(after);
  }
}
