import { Namespace, namespaceStreamId, NAMESPACE_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class NamespaceRepository extends AggregateRepository<Namespace, (typeof NAMESPACE_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: namespaceStreamId,
      events: NAMESPACE_EVENTS,
      fromHistory: (id, history) => Namespace.fromHistory(id, history),
    });
  }
}
