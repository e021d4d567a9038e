import { Group, groupStreamId, GROUP_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class GroupRepository extends AggregateRepository<Group, (typeof GROUP_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: groupStreamId,
      events: GROUP_EVENTS,
      fromHistory: (id, history) => Group.fromHistory(id, history),
    });
  }
}
