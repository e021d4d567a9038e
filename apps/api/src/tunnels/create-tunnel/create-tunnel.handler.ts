import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newTunnelAuthToken, newTunnelId, Tunnel } from '@certplane/domain';
import { TunnelRegistry, TunnelRepository } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { TunnelStatusService } from '@certplane/tunnel-status';
import { tunnelView, TunnelView } from '../tunnel-view';
import { CreateTunnelCommand } from './create-tunnel.command';

/**
 * Decides the creation, then appends it with the (namespace, name) reservation and the sealed
 * token in one transaction: an unknown namespace or a taken name rolls all of it back.
 */
@CommandHandler(CreateTunnelCommand)
export class CreateTunnelHandler implements ICommandHandler<CreateTunnelCommand, TunnelView> {
  constructor(
    private readonly tunnels: TunnelRepository,
    private readonly registry: TunnelRegistry,
    private readonly tokens: TunnelTokenVault,
    private readonly status: TunnelStatusService,
  ) {}

  async execute({ input, context }: CreateTunnelCommand): Promise<TunnelView> {
    const tunnelId = newTunnelId();
    const authToken = newTunnelAuthToken();
    const events = Tunnel.create({ tunnelId, ...input });
    const { after } = await this.tunnels.create(
      tunnelId,
      {
        events,
        also: [this.registry.reserve(events[0].data), this.tokens.store(tunnelId, authToken)],
      },
      context,
    );
    return tunnelView({ ...after, created: after.created! }, authToken, await this.status.status(tunnelId), false);
  }
}
