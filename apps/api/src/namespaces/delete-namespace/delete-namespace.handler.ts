import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertValidNamespaceName, NamespaceNotEmptyError, TunnelNotFoundError } from '@certplane/domain';
import { NamespaceRegistry, NamespaceRepository, TunnelRegistry } from '@certplane/event-store';
import { DeleteTunnelCommand } from '../../tunnels/delete-tunnel/delete-tunnel.command';
import { DeleteNamespaceCommand } from './delete-namespace.command';

const CASCADE_ATTEMPTS = 5;

/**
 * Deletes the namespace. Its registry row is released under lock and the tunnel count read
 * after it, so no tunnel can be created into it meanwhile (NamespaceRegistry). With cascade, its
 * tunnels are deleted first through the usual tunnel delete (reason namespaceDeleted); a tunnel
 * created while that runs makes the namespace delete fail NAMESPACE_NOT_EMPTY, and the cascade
 * goes round again.
 */
@CommandHandler(DeleteNamespaceCommand)
export class DeleteNamespaceHandler implements ICommandHandler<DeleteNamespaceCommand, void> {
  constructor(
    private readonly commands: CommandBus,
    private readonly namespaces: NamespaceRepository,
    private readonly registry: NamespaceRegistry,
    private readonly tunnels: TunnelRegistry,
  ) {}

  async execute({ name, cascade, context }: DeleteNamespaceCommand): Promise<void> {
    assertValidNamespaceName(name, 'name');
    for (let attempt = 1; ; attempt++) {
      const namespaceId = await this.registry.assertLive(name);
      if (cascade) await this.deleteTunnelsIn(name, context);
      try {
        await this.namespaces.update(
          namespaceId,
          (ns) => ({
            events: ns.delete(),
            also: [this.registry.release({ namespaceId, name })],
          }),
          context,
        );
        return;
      } catch (e) {
        if (!(cascade && e instanceof NamespaceNotEmptyError) || attempt >= CASCADE_ATTEMPTS) throw e;
      }
    }
  }

  private async deleteTunnelsIn(namespace: string, context: DeleteNamespaceCommand['context']): Promise<void> {
    for (const t of await this.tunnels.listLive(namespace)) {
      try {
        await this.commands.execute(new DeleteTunnelCommand({ name: t.name, namespace }, context, 'namespaceDeleted'));
      } catch (e) {
        // Deleted by someone else meanwhile: that is what we wanted.
        if (!(e instanceof TunnelNotFoundError)) throw e;
      }
    }
  }
}
