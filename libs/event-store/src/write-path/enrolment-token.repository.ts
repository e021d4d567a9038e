import { EnrolmentToken, enrolmentTokenStreamId, ENROLMENT_TOKEN_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class EnrolmentTokenRepository extends AggregateRepository<
  EnrolmentToken,
  (typeof ENROLMENT_TOKEN_EVENTS)[number]
> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: enrolmentTokenStreamId,
      events: ENROLMENT_TOKEN_EVENTS,
      fromHistory: (id, history) => EnrolmentToken.fromHistory(id, history),
    });
  }
}
