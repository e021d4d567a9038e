import { EnrolmentToken, enrolmentTokenStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class EnrolmentTokenRepository extends AggregateRepository<EnrolmentToken> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: enrolmentTokenStreamId,
      fromHistory: (id, history) => EnrolmentToken.fromHistory(id, history),
    });
  }
}
