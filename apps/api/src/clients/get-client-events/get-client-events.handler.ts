import type { EventHistory } from '@certplane/api-contract';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClientNotFoundError } from '@certplane/domain';
import { ClientRepository, toEnvelope } from '@certplane/event-store';
import { GetClientEventsQuery } from './get-client-events.query';

/**
 * The client's whole stream, oldest first, in the envelope NATS subscribers receive: who did it
 * (metadata.actor), in which request (metadata.correlationId) and in answer to what
 * (metadata.causationId). Removed clients keep their history.
 */
@QueryHandler(GetClientEventsQuery)
export class GetClientEventsHandler implements IQueryHandler<GetClientEventsQuery, EventHistory> {
  constructor(private readonly clients: ClientRepository) {}

  async execute({ clientId }: GetClientEventsQuery): Promise<EventHistory> {
    const history = await this.clients.history(clientId);
    if (history.length === 0) throw new ClientNotFoundError('with that id');
    return { events: history.map(toEnvelope) };
  }
}
