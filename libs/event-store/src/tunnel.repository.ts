import { Tunnel, tunnelStreamId } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from './event-store';

export class TunnelRepository extends AggregateRepository<Tunnel> {
  constructor(store: PostgresEventStore) {
    super(store, { streamId: tunnelStreamId, fromHistory: (id, history) => Tunnel.fromHistory(id, history) });
  }
}
