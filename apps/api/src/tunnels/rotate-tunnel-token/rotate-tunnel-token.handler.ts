import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newTunnelAuthToken } from '@certplane/domain';
import { NamespaceRegistry, TunnelRegistry, TunnelRepository } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { TunnelStatusService } from '@certplane/tunnel-status';
import { findLiveTunnel } from '../live-tunnel';
import { tunnelView, TunnelView } from '../tunnel-view';
import { RotateTunnelTokenCommand } from './rotate-tunnel-token.command';

/**
 * Seals a new token over the old one in the transaction of TunnelTokenRotated. The old token is
 * gone from the moment it commits: this process's status receiver drops its cached copy on the
 * commit, before the answer leaves (other api processes within their cache TTL).
 */
@CommandHandler(RotateTunnelTokenCommand)
export class RotateTunnelTokenHandler implements ICommandHandler<RotateTunnelTokenCommand, TunnelView> {
  constructor(
    private readonly namespaces: NamespaceRegistry,
    private readonly registry: TunnelRegistry,
    private readonly tunnels: TunnelRepository,
    private readonly tokens: TunnelTokenVault,
    private readonly status: TunnelStatusService,
  ) {}

  async execute({ ref, context }: RotateTunnelTokenCommand): Promise<TunnelView> {
    const live = await findLiveTunnel(this.namespaces, this.registry, ref);
    let authToken = '';
    const { after } = await this.tunnels.update(
      live.tunnelId,
      (tunnel) => {
        const events = tunnel.rotateToken();
        authToken = newTunnelAuthToken();
        return {
          events,
          also: [
            this.tokens.store(tunnel.id, authToken),
            this.registry.recordVersion(tunnel.id, tunnel.version + events.length),
          ],
        };
      },
      context,
    );
    return tunnelView({ ...after, created: after.created! }, authToken, await this.status.status(live.tunnelId), false);
  }
}
