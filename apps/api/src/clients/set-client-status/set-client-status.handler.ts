import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { SetClientStatusCommand } from './set-client-status.command';

/**
 * Disable and enable. The registry learns the status in the same transaction, so details stops
 * answering for a disabled client at once; the cert-issuer then revokes (certificateHold) or
 * issues a new certificate. Asking for the status a client already has changes nothing.
 */
@CommandHandler(SetClientStatusCommand)
export class SetClientStatusHandler implements ICommandHandler<SetClientStatusCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
  ) {}

  async execute({ clientId, status, context }: SetClientStatusCommand): Promise<void> {
    const disabled = status === 'disabled';
    await this.clients.update(
      clientId,
      async (client) => ({
        events: disabled ? client.disable() : client.enable(),
        also: [this.registry.setDisabled(clientId, disabled)],
      }),
      context,
    );
  }
}
