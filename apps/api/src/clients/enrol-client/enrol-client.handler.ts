import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Client, ClientEnrolledData, clientStreamId, newClientId } from '@certplane/domain';
import { ClientRegistry, PostgresEventStore } from '@certplane/event-store';
import { EnrolClientCommand } from './enrol-client.command';

/** Decides the enrolment and appends it together with the name reservation; returns the new client id. */
@CommandHandler(EnrolClientCommand)
export class EnrolClientHandler implements ICommandHandler<EnrolClientCommand, string> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly registry: ClientRegistry,
  ) {}

  async execute({ input, context }: EnrolClientCommand): Promise<string> {
    const clientId = newClientId();
    const events = Client.enroll({ clientId, ...input });
    await this.store.append(clientStreamId(clientId), events, {
      expectedVersion: 0,
      context,
      alsoInTransaction: (tx) => this.registry.reserve(tx, events[0].data as ClientEnrolledData),
    });
    return clientId;
  }
}
