import { Namespace, namespaceStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class NamespaceRepository extends AggregateRepository<Namespace> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: namespaceStreamId, fromHistory: (id, history) => Namespace.fromHistory(id, history) });
  }
}
