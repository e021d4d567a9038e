import { Profile, profileStreamId, PROFILE_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class ProfileRepository extends AggregateRepository<Profile, (typeof PROFILE_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: profileStreamId,
      events: PROFILE_EVENTS,
      fromHistory: (id, history) => Profile.fromHistory(id, history),
    });
  }
}
