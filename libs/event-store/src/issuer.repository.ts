import { Issuer, issuerStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class IssuerRepository extends AggregateRepository<Issuer> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: issuerStreamId, fromHistory: (id, history) => Issuer.fromHistory(id, history) });
  }
}
