import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientNotFoundError } from '@certplane/domain';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { ClientKeyVault } from '@certplane/vault';
import { LeaveClientCommand } from './leave-client.command';

/**
 * Removes the client, frees its name and deletes its server-held key in one transaction; the
 * cert-issuer revokes its certificates when it sees ClientRemoved.
 */
@CommandHandler(LeaveClientCommand)
export class LeaveClientHandler implements ICommandHandler<LeaveClientCommand, void> {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly clients: ClientRepository,
    private readonly keys: ClientKeyVault,
  ) {}

  async execute({ name, context }: LeaveClientCommand): Promise<void> {
    const clientId = await this.registry.findLiveByName(name);
    if (!clientId) throw new ClientNotFoundError(`named "${name}"`);
    await this.clients.update(
      clientId,
      async (client) => ({
        events: client.remove(),
        alsoInTransaction: async (tx) => {
          await this.registry.release(tx, clientId);
          await this.keys.delete(tx, clientId);
        },
      }),
      context,
    );
  }
}
