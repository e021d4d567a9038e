import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { UpdateClientCommand } from './update-client.command';

/**
 * Renames and SAN changes claim the new name, ip or hostname in the registry in the same
 * transaction, so they are as race-free as an enrolment, and free the old ones in the transaction
 * that revokes (superseded) every valid certificate stating them; the client's new certificate,
 * stating the new identity, follows from the cert-issuer (Client.update).
 */
@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ clientId, patch, context }: UpdateClientCommand): Promise<void> {
    await this.clients.update(
      clientId,
      async (client) => {
        const events = client.update(patch, { reservedHostnames: this.config.serverHostnames }, new Date());
        const after = client.evolve(events);
        const identityChanged =
          after.name !== client.name ||
          after.sans.ip !== client.sans.ip ||
          after.sans.hostname !== client.sans.hostname;
        return {
          events,
          also: identityChanged ? [this.registry.changeIdentity(clientId, { name: after.name, ...after.sans })] : [],
        };
      },
      context,
    );
  }
}
