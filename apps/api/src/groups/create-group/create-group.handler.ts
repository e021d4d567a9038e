import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Group, newGroupId } from '@certplane/domain';
import { GroupRegistry, GroupRepository } from '@certplane/event-store';
import { groupView, GroupView } from '../group-view';
import { CreateGroupCommand } from './create-group.command';

/** The group and its place under its parent in one transaction: an unknown parent records nothing. */
@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand, GroupView> {
  constructor(
    private readonly groups: GroupRepository,
    private readonly registry: GroupRegistry,
  ) {}

  async execute({ input, context }: CreateGroupCommand): Promise<GroupView> {
    const groupId = newGroupId();
    const events = Group.create({ groupId, ...input });
    const { parentId } = events[0].data;
    const { after } = await this.groups.create(
      groupId,
      { events, also: [{ step: (tx) => this.registry.create(tx, groupId, parentId) }] },
      context,
    );
    return groupView(after);
  }
}
