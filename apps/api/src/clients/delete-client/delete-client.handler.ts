import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { ClientKeyVault } from '@certplane/vault';
import { DeleteClientCommand } from './delete-client.command';

/**
 * Like the spine's leave, by id: the client is removed, its name, ip and hostname are free and its
 * server-held key is deleted in one transaction; the cert-issuer revokes its certificates
 * (cessationOfOperation). Its events stay: GET /clients/:id/events and ?at= still answer.
 */
@CommandHandler(DeleteClientCommand)
export class DeleteClientHandler implements ICommandHandler<DeleteClientCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
    private readonly keys: ClientKeyVault,
  ) {}

  async execute({ clientId, context }: DeleteClientCommand): Promise<void> {
    await this.clients.update(
      clientId,
      async (client) => ({
        events: client.delete(),
        alsoInTransaction: async (tx) => {
          await this.registry.release(tx, clientId);
          await this.keys.delete(tx, clientId);
        },
      }),
      context,
    );
  }
}
