import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClientNotFoundError, clientRolesStreamId } from '@certplane/domain';
import { ClientRegistry, EventEnvelope, PostgresEventStore, toEnvelope } from '@certplane/event-store';
import { GetRoleEventsQuery } from './get-role-events.query';

/** The stream of the client's roles, oldest first: every grant and withdrawal, with who made it. */
@QueryHandler(GetRoleEventsQuery)
export class GetRoleEventsHandler implements IQueryHandler<GetRoleEventsQuery, { events: EventEnvelope[] }> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly registry: ClientRegistry,
  ) {}

  async execute({ clientId }: GetRoleEventsQuery): Promise<{ events: EventEnvelope[] }> {
    if (!(await this.registry.isLive(clientId))) throw new ClientNotFoundError('with that id');
    return { events: (await this.store.readStream(clientRolesStreamId(clientId))).map(toEnvelope) };
  }
}
