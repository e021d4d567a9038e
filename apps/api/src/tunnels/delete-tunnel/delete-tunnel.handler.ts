import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NamespaceRegistry, TunnelRegistry, TunnelRepository } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { findLiveTunnel } from '../live-tunnel';
import { DeleteTunnelCommand } from './delete-tunnel.command';

/** Deletes the tunnel, frees its name and destroys its token in one transaction; its reports are refused from then on. */
@CommandHandler(DeleteTunnelCommand)
export class DeleteTunnelHandler implements ICommandHandler<DeleteTunnelCommand, void> {
  constructor(
    private readonly namespaces: NamespaceRegistry,
    private readonly registry: TunnelRegistry,
    private readonly tunnels: TunnelRepository,
    private readonly tokens: TunnelTokenVault,
  ) {}

  async execute({ ref, context, reason }: DeleteTunnelCommand): Promise<void> {
    const live = await findLiveTunnel(this.namespaces, this.registry, ref);
    await this.tunnels.update(
      live.tunnelId,
      (tunnel) => ({
        events: tunnel.delete(reason),
        also: [this.registry.release(tunnel.id), this.tokens.delete(tunnel.id)],
      }),
      context,
    );
  }
}
