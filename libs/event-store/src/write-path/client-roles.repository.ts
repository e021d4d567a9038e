import { ClientRoles, clientRolesStreamId, CLIENT_ROLE_EVENTS } from '@certplane/domain';
import { AggregateRepository } from './aggregate.repository';
import { PostgresEventStore } from '../store/event-store';

/** A client's roles: an empty stream is a client with no roles yet, at version 0. */
export class ClientRolesRepository extends AggregateRepository<ClientRoles, (typeof CLIENT_ROLE_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: clientRolesStreamId,
      events: CLIENT_ROLE_EVENTS,
      fromHistory: (id, history) => ClientRoles.fromHistory(id, history),
    });
  }
}
