import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GroupNotFoundError, groupStreamId } from '@certplane/domain';
import { EventEnvelope, GroupRepository, PostgresEventStore, toEnvelope } from '@certplane/event-store';
import { groupView, GroupView } from '../group-view';
import { GetGroupEventsQuery, GetGroupQuery } from './get-group.query';

/** Folds the group's stream, as GET /channels/:id does; ?at= is the fold cut at that moment. */
@QueryHandler(GetGroupQuery)
export class GetGroupHandler implements IQueryHandler<GetGroupQuery, GroupView> {
  constructor(private readonly groups: GroupRepository) {}

  async execute({ groupId, at }: GetGroupQuery): Promise<GroupView> {
    const group = at === undefined ? await this.groups.load(groupId) : await this.groups.loadAt(groupId, at);
    if (group.deleted) throw new GroupNotFoundError(at ? `with that id at ${at.toISOString()}` : 'with that id');
    return groupView(group);
  }
}

/** The group's whole stream, oldest first; a deleted group keeps it. */
@QueryHandler(GetGroupEventsQuery)
export class GetGroupEventsHandler implements IQueryHandler<GetGroupEventsQuery, { events: EventEnvelope[] }> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ groupId }: GetGroupEventsQuery): Promise<{ events: EventEnvelope[] }> {
    const history = await this.store.readStream(groupStreamId(groupId));
    if (history.length === 0) throw new GroupNotFoundError();
    return { events: history.map(toEnvelope) };
  }
}
