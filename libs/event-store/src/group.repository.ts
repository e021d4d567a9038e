import { Group, groupStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class GroupRepository extends AggregateRepository<Group> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: groupStreamId, fromHistory: (id, history) => Group.fromHistory(id, history) });
  }
}
