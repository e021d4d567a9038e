import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { assertTunnelRef, TunnelNotFoundError } from '@certplane/domain';
import { NamespaceRegistry, TunnelRegistry } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { TunnelReadModel } from '@certplane/projections';
import { TunnelStatusService } from '@certplane/tunnel-status';
import { ReadModelUpdates } from '@certplane/read-model';
import { awaitReadModel } from '../../http/read-model-wait';
import { tunnelView, TunnelView } from '../tunnel-view';
import { GetTunnelQuery } from './get-tunnel.query';

/**
 * Whether the tunnel is live, and at which version, comes from the registry (so a delete is
 * seen at once); its fields from the read model once it has caught up; the token from the vault;
 * connectedClients and metrics from the status reports this process received.
 */
@QueryHandler(GetTunnelQuery)
export class GetTunnelHandler implements IQueryHandler<GetTunnelQuery, TunnelView> {
  constructor(
    private readonly namespaces: NamespaceRegistry,
    private readonly registry: TunnelRegistry,
    private readonly readModel: TunnelReadModel,
    private readonly tokens: TunnelTokenVault,
    private readonly status: TunnelStatusService,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute(query: GetTunnelQuery): Promise<TunnelView> {
    const ref = { name: query.name, namespace: query.namespace };
    assertTunnelRef(ref);
    await this.namespaces.assertLive(ref.namespace);
    const row = await awaitReadModel(
      async () => {
        const live = await this.registry.findLive(ref.namespace, ref.name);
        if (!live) throw new TunnelNotFoundError(ref.name, ref.namespace);
        const row = (await this.readModel.byIds([live.tunnelId])).get(live.tunnelId);
        return row && row.version >= live.version ? row : undefined;
      },
      this.config.details,
      this.updates,
    );
    const authToken = await this.tokens.read(row.tunnelId);
    // Deleted between the two reads.
    if (!authToken) throw new TunnelNotFoundError(ref.name, ref.namespace);
    return tunnelView(row, authToken, await this.status.status(row.tunnelId), query.withMetrics);
  }
}
