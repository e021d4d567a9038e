import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ChannelRegistry, ChannelRepository } from '@certplane/event-store';
import { DeleteChannelCommand } from './delete-channel.command';

/** Ends every connection (ClientsDisconnected) and the channel in one append; its route is free again. */
@CommandHandler(DeleteChannelCommand)
export class DeleteChannelHandler implements ICommandHandler<DeleteChannelCommand, void> {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute({ channelId, context }: DeleteChannelCommand): Promise<void> {
    await this.channels.update(
      channelId,
      (channel) => ({ events: channel.delete(), also: this.registry.release(channelId) }),
      context,
    );
  }
}
