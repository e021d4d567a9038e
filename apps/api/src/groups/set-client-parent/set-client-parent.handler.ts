import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRepository, GroupRegistry } from '@certplane/event-store';
import { SetClientParentCommand } from './set-client-parent.command';

/**
 * The client records its parent group on its own stream (GET /clients/:id shows it, ?at= too); the
 * registry, under the hierarchy's lock, checks the group is live, so a group deleted meanwhile
 * cannot be a client's parent.
 */
@CommandHandler(SetClientParentCommand)
export class SetClientParentHandler implements ICommandHandler<SetClientParentCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: GroupRegistry,
  ) {}

  async execute({ clientId, groupId, context }: SetClientParentCommand): Promise<void> {
    await this.clients.update(
      clientId,
      async (client) => {
        const events = client.setParentGroup(groupId);
        return {
          events,
          also: events.length === 0 ? [] : [{ step: (tx) => this.registry.setClientParent(tx, clientId, groupId) }],
        };
      },
      context,
    );
  }
}
