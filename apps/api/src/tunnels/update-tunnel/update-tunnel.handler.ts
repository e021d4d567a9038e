import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertTunnelRef, assertValidTcpPorts, TunnelNotFoundError } from '@certplane/domain';
import { NamespaceRegistry, TunnelRegistry, TunnelRepository } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { TunnelStatusService } from '@certplane/tunnel-status';
import { findLiveTunnel } from '../live-tunnel';
import { tunnelView, TunnelView } from '../tunnel-view';
import { UpdateTunnelCommand } from './update-tunnel.command';

/** PUT: replaces tcpPorts. The same ports again append nothing and answer the tunnel as it is. */
@CommandHandler(UpdateTunnelCommand)
export class UpdateTunnelHandler implements ICommandHandler<UpdateTunnelCommand, TunnelView> {
  constructor(
    private readonly namespaces: NamespaceRegistry,
    private readonly registry: TunnelRegistry,
    private readonly tunnels: TunnelRepository,
    private readonly tokens: TunnelTokenVault,
    private readonly status: TunnelStatusService,
  ) {}

  async execute({ input, context }: UpdateTunnelCommand): Promise<TunnelView> {
    // All of the body is checked before anything is looked up, so bad input is a 400 whatever exists.
    assertTunnelRef(input);
    assertValidTcpPorts(input.tcpPorts);
    const live = await findLiveTunnel(this.namespaces, this.registry, input);
    const { after } = await this.tunnels.update(
      live.tunnelId,
      (tunnel) => {
        const events = tunnel.replacePorts(input.tcpPorts);
        return {
          events,
          also: [this.registry.recordVersion(tunnel.id, tunnel.version + events.length)],
        };
      },
      context,
    );
    const authToken = await this.tokens.read(live.tunnelId);
    if (!authToken) throw new TunnelNotFoundError(live.name, live.namespace);
    return tunnelView({ ...after, created: after.created! }, authToken, await this.status.status(live.tunnelId), false);
  }
}
