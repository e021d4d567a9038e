import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ChannelRegistry, ChannelRepository } from '@certplane/event-store';
import { DisconnectClientsCommand } from './disconnect-clients.command';

/** The channel decides (a pair not connected refuses all); the registry forgets the pairs in the same transaction. */
@CommandHandler(DisconnectClientsCommand)
export class DisconnectClientsHandler implements ICommandHandler<DisconnectClientsCommand, void> {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute({ channelId, request, context }: DisconnectClientsCommand): Promise<void> {
    await this.channels.update(
      channelId,
      (channel) => ({
        events: channel.disconnect(request),
        also: [this.registry.disconnect(channelId, request.clientIds, request.types)],
      }),
      context,
    );
  }
}
