import { Tunnel, tunnelStreamId, TUNNEL_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

export class TunnelRepository extends AggregateRepository<Tunnel, (typeof TUNNEL_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: tunnelStreamId,
      events: TUNNEL_EVENTS,
      fromHistory: (id, history) => Tunnel.fromHistory(id, history),
    });
  }
}
