import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { assertValidNamespaceName } from '@certplane/domain';
import { NamespaceRegistry, TunnelRegistry } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { TunnelReadModel } from '@certplane/projections';
import { NOTHING_HEARD, TunnelStatusService } from '@certplane/tunnel-status';
import { ReadModelUpdates } from '@certplane/read-model';
import { awaitReadModel } from '../../http/read-model-wait';
import { tunnelView, TunnelView } from '../tunnel-view';
import { ListTunnelsQuery } from './list-tunnels.query';

/** The live tunnels of one namespace (or all), ordered by namespace and name; see GetTunnelHandler for where each part comes from. */
@QueryHandler(ListTunnelsQuery)
export class ListTunnelsHandler implements IQueryHandler<ListTunnelsQuery, TunnelView[]> {
  constructor(
    private readonly namespaces: NamespaceRegistry,
    private readonly registry: TunnelRegistry,
    private readonly readModel: TunnelReadModel,
    private readonly tokens: TunnelTokenVault,
    private readonly status: TunnelStatusService,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute({ namespace, withMetrics }: ListTunnelsQuery): Promise<TunnelView[]> {
    if (namespace !== undefined) {
      assertValidNamespaceName(namespace);
      await this.namespaces.assertLive(namespace);
    }
    const { live, rows } = await awaitReadModel(
      async () => {
        const live = await this.registry.listLive(namespace as string | undefined);
        const rows = await this.readModel.byIds(live.map((t) => t.tunnelId));
        return live.every((t) => (rows.get(t.tunnelId)?.version ?? 0) >= t.version) ? { live, rows } : undefined;
      },
      this.config.details,
      this.updates,
    );
    const tokens = await this.tokens.readMany(live.map((t) => t.tunnelId));
    // A tunnel deleted between the reads has no token left: it is left out.
    const kept = live.filter((t) => tokens.has(t.tunnelId));
    const statuses = await this.status.statuses(kept.map((t) => t.tunnelId));
    return kept.map((t) =>
      tunnelView(
        rows.get(t.tunnelId)!,
        tokens.get(t.tunnelId)!,
        statuses.get(t.tunnelId) ?? NOTHING_HEARD,
        withMetrics,
      ),
    );
  }
}
