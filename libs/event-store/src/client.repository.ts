import { Client, clientStreamId, ConcurrencyError, DomainEvent, eventRegistry } from '@certplane/domain';
import { AppendContext, InTransaction, PostgresEventStore } from './event-store';
import { StatementWrite } from '@certplane/persistence';
import { StoredEvent } from './stored-event';

/** Loads a client from its stream and appends what it decided at the version it decided on. */
export class ClientRepository {
  constructor(private readonly store: PostgresEventStore) {}

  async load(clientId: string): Promise<Client> {
    return Client.fromHistory(clientId, await this.history(clientId));
  }

  /** The stream as stored, with timestamps and metadata (who, which request), each payload validated. */
  async history(clientId: string): Promise<StoredEvent[]> {
    const stored = await this.store.readStream(clientStreamId(clientId));
    return stored.map((e) => ({ ...e, data: eventRegistry.parse(e.type, e.schemaVersion, e.data).data }));
  }

  save(
    client: Client,
    events: DomainEvent[],
    context: AppendContext,
    alsoInTransaction?: InTransaction,
    alsoInStatement?: readonly StatementWrite[],
  ): Promise<StoredEvent[]> {
    return this.store.append(clientStreamId(client.id), events, {
      expectedVersion: client.version,
      context,
      alsoInTransaction,
      alsoInStatement,
    });
  }

  /**
   * Load, decide, append; on a concurrent write, decide again on the fresh state. Deciding is
   * cheap and pure, so retrying it is safe.
   */
  async update(
    clientId: string,
    decide: (c: Client) => Promise<{
      events: DomainEvent[];
      alsoInTransaction?: InTransaction;
      alsoInStatement?: readonly StatementWrite[];
    }>,
    context: AppendContext,
    attempts = 5,
  ): Promise<StoredEvent[]> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.load(clientId);
      const { events, alsoInTransaction, alsoInStatement } = await decide(client);
      try {
        return await this.save(client, events, context, alsoInTransaction, alsoInStatement);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= attempts) throw e;
      }
    }
  }
}
