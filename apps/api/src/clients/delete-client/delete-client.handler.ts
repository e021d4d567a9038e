import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRepository } from '@certplane/event-store';
import { ClientEnding } from '../client-ending';
import { DeleteClientCommand } from './delete-client.command';

/**
 * Like the spine's leave, by id: the client is removed and ended (ClientEnding) in one transaction;
 * the cert-issuer revokes its certificates (cessationOfOperation). Its events stay: GET
 * /clients/:id/events and ?at= still answer.
 */
@CommandHandler(DeleteClientCommand)
export class DeleteClientHandler implements ICommandHandler<DeleteClientCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly ending: ClientEnding,
  ) {}

  async execute({ clientId, context }: DeleteClientCommand): Promise<void> {
    await this.clients.update(
      clientId,
      async (client) => ({ events: client.delete(), also: this.ending.of(clientId, client.version) }),
      context,
    );
  }
}
