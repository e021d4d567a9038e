import { Profile, profileStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class ProfileRepository extends AggregateRepository<Profile> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: profileStreamId, fromHistory: (id, history) => Profile.fromHistory(id, history) });
  }
}
