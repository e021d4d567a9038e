import { Issuer, issuerStreamId, ISSUER_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class IssuerRepository extends AggregateRepository<Issuer, (typeof ISSUER_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: issuerStreamId,
      events: ISSUER_EVENTS,
      fromHistory: (id, history) => Issuer.fromHistory(id, history),
    });
  }
}
