import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { GroupRegistry, GroupRepository } from '@certplane/event-store';
import { DeleteGroupCommand } from './delete-group.command';

/** Only an empty group goes, checked under the hierarchy's lock: nothing can move into it meanwhile. */
@CommandHandler(DeleteGroupCommand)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroupCommand, void> {
  constructor(
    private readonly groups: GroupRepository,
    private readonly registry: GroupRegistry,
  ) {}

  async execute({ groupId, context }: DeleteGroupCommand): Promise<void> {
    await this.groups.update(
      groupId,
      (group) => ({ events: group.delete(), also: [{ step: (tx) => this.registry.delete(tx, groupId) }] }),
      context,
    );
  }
}
