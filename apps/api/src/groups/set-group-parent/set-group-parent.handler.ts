import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { GroupRegistry, GroupRepository } from '@certplane/event-store';
import { groupView, GroupView } from '../group-view';
import { SetGroupParentCommand } from './set-group-parent.command';

/**
 * The group decides the move; the registry, under the hierarchy's lock, refuses a parent that is
 * gone or below the group (GROUP_CYCLE), so two concurrent moves cannot close a cycle between them.
 */
@CommandHandler(SetGroupParentCommand)
export class SetGroupParentHandler implements ICommandHandler<SetGroupParentCommand, GroupView> {
  constructor(
    private readonly groups: GroupRepository,
    private readonly registry: GroupRegistry,
  ) {}

  async execute({ groupId, parentId, context }: SetGroupParentCommand): Promise<GroupView> {
    const { after } = await this.groups.update(
      groupId,
      (group) => {
        const events = group.setParent(parentId);
        return {
          events,
          also: events.length === 0 ? [] : [{ step: (tx) => this.registry.setParent(tx, groupId, parentId) }],
        };
      },
      context,
    );
    return groupView(after);
  }
}
