import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientNotFoundError } from '@certplane/domain';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { ClientEnding } from '../client-ending';
import { LeaveClientCommand } from './leave-client.command';

/**
 * Removes the client and ends it (ClientEnding: its name freed, its server-held key deleted, its
 * connections ended) in one transaction; the cert-issuer revokes its certificates when it sees
 * ClientRemoved.
 */
@CommandHandler(LeaveClientCommand)
export class LeaveClientHandler implements ICommandHandler<LeaveClientCommand, void> {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly clients: ClientRepository,
    private readonly ending: ClientEnding,
  ) {}

  async execute({ name, context }: LeaveClientCommand): Promise<void> {
    const clientId = await this.registry.findLiveByName(name);
    if (!clientId) throw new ClientNotFoundError(`named "${name}"`);
    await this.clients.update(
      clientId,
      async (client) => ({ events: client.leave(), also: this.ending.of(clientId, client.version) }),
      context,
    );
  }
}
