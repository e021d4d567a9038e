import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { NamespaceRegistry } from '@certplane/event-store';
import { NamespaceReadModel } from '@certplane/projections';
import { ReadModelUpdates } from '@certplane/read-model';
import { awaitReadModel } from '../../http/read-model-wait';
import { namespaceView, NamespaceView } from '../namespace-view';
import { ListNamespacesQuery } from './list-namespaces.query';

/** The namespaces certplane manages, by name: which ones from the registry, their fields from the read model once it has them. */
@QueryHandler(ListNamespacesQuery)
export class ListNamespacesHandler implements IQueryHandler<ListNamespacesQuery, NamespaceView[]> {
  constructor(
    private readonly registry: NamespaceRegistry,
    private readonly readModel: NamespaceReadModel,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute(): Promise<NamespaceView[]> {
    return awaitReadModel(
      async () => {
        const live = await this.registry.listLive();
        const rows = await this.readModel.byIds(live.map((n) => n.namespaceId));
        return live.every((n) => rows.has(n.namespaceId))
          ? live.map((n) => namespaceView(rows.get(n.namespaceId)!))
          : undefined;
      },
      this.config.details,
      this.updates,
    );
  }
}
