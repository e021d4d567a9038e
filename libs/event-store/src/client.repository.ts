import { Client, clientStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class ClientRepository extends AggregateRepository<Client> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: clientStreamId, fromHistory: (id, history) => Client.fromHistory(id, history) });
  }
}
