import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ChannelRegistry, ChannelRepository } from '@certplane/event-store';
import { ConnectClientsCommand } from './connect-clients.command';

/**
 * The channel decides (a pair connected already refuses all), and the append records the pairs
 * with the clients held live (ChannelRegistry.connect): an unknown or deleted client rolls it all back.
 */
@CommandHandler(ConnectClientsCommand)
export class ConnectClientsHandler implements ICommandHandler<ConnectClientsCommand, void> {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  async execute({ channelId, request, context }: ConnectClientsCommand): Promise<void> {
    await this.channels.update(
      channelId,
      (channel) => ({
        events: channel.connect(request),
        also: [this.registry.connect(channelId, request.clientIds, request.types)],
      }),
      context,
    );
  }
}
