import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { Namespace, newNamespaceId } from '@certplane/domain';
import { NamespaceRegistry, NamespaceRepository } from '@certplane/event-store';
import { namespaceView, NamespaceView } from '../namespace-view';
import { CreateNamespaceCommand } from './create-namespace.command';

/** Decides the namespace (reserved names refused, the uplink label added) and appends it with its name reservation. */
@CommandHandler(CreateNamespaceCommand)
export class CreateNamespaceHandler implements ICommandHandler<CreateNamespaceCommand, NamespaceView> {
  constructor(
    private readonly namespaces: NamespaceRepository,
    private readonly registry: NamespaceRegistry,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ input, context }: CreateNamespaceCommand): Promise<NamespaceView> {
    const namespaceId = newNamespaceId();
    const events = Namespace.create({ namespaceId, ...input }, this.config.tunnels.reservedNamespaces);
    const created = await this.namespaces.create(
      namespaceId,
      { events, also: [this.registry.reserve(events[0].data)] },
      context,
    );
    return namespaceView({ ...created.after, created: created.events[0].recordedAt });
  }
}
