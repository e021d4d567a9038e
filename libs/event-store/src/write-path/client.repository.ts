import { Client, clientStreamId, CLIENT_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class ClientRepository extends AggregateRepository<Client, (typeof CLIENT_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: clientStreamId,
      events: CLIENT_EVENTS,
      fromHistory: (id, history) => Client.fromHistory(id, history),
    });
  }
}
