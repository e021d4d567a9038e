import { ConcurrencyError, DomainEvent, eventRegistry, RecordedDomainEvent } from '@certplane/domain';
import { AppendContext, InTransaction, PostgresEventStore } from './event-store';
import { Tx } from '@certplane/persistence';
import { StoredEvent } from './stored-event';

/** What a repository needs to know of an aggregate type: where its events live and how to fold them. */
export interface AggregateKind<T extends { readonly version: number }> {
  streamId(id: string): string;
  fromHistory(id: string, history: readonly RecordedDomainEvent[]): T;
}

export interface Decision {
  events: DomainEvent[];
  /** Writes that commit or fail with the events: reservations, sealed secrets, another stream's events. */
  alsoInTransaction?: InTransaction;
}

export interface Decided<T> {
  before: T;
  /** The state with the appended events applied (equal to before when nothing was decided). */
  after: T;
  events: StoredEvent[];
}

/**
 * Loads an aggregate from its stream, appends what it decided at the version it decided on, and
 * hands back the state after: the same as ClientRepository, for aggregates whose answers need
 * their state (and timestamps) after the change.
 */
export class AggregateRepository<T extends { readonly version: number }> {
  constructor(
    protected readonly store: PostgresEventStore,
    private readonly kind: AggregateKind<T>,
  ) {}

  /** Reads through tx when given, to decide inside another append's transaction. */
  async load(id: string, tx?: Tx): Promise<T> {
    return this.kind.fromHistory(id, await this.history(id, tx));
  }

  /** As it was at `at`: the events recorded until then folded; not found when there were none. */
  async loadAt(id: string, at: Date): Promise<T> {
    return this.kind.fromHistory(
      id,
      (await this.history(id)).filter((e) => e.recordedAt.getTime() <= at.getTime()),
    );
  }

  /** Starts a new stream; fails with ConcurrencyError if it exists. */
  async create(id: string, decision: Decision, context: AppendContext): Promise<Omit<Decided<T>, 'before'>> {
    const events = await this.store.append(this.kind.streamId(id), decision.events, {
      expectedVersion: 0,
      context,
      alsoInTransaction: decision.alsoInTransaction,
    });
    return { after: this.kind.fromHistory(id, events.map(recorded)), events };
  }

  /**
   * Load, decide, append; on a concurrent write, decide again on the fresh state. Deciding is
   * pure, so retrying it is safe; a decision of no events appends nothing.
   */
  async update(
    id: string,
    decide: (current: T) => Decision | Promise<Decision>,
    context: AppendContext,
    attempts = 5,
  ): Promise<Decided<T>> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.history(id);
      const before = this.kind.fromHistory(id, history);
      const { events, alsoInTransaction } = await decide(before);
      try {
        const stored = await this.store.append(this.kind.streamId(id), events, {
          expectedVersion: before.version,
          context,
          alsoInTransaction,
        });
        const after = stored.length === 0 ? before : this.kind.fromHistory(id, [...history, ...stored.map(recorded)]);
        return { before, after, events: stored };
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= attempts) throw e;
      }
    }
  }

  private async history(id: string, tx?: Tx): Promise<RecordedDomainEvent[]> {
    return (await this.store.readStream(this.kind.streamId(id), 0, tx)).map(recorded);
  }
}

function recorded(e: StoredEvent): RecordedDomainEvent {
  return {
    ...eventRegistry.parse(e.type, e.schemaVersion, e.data),
    streamVersion: e.streamVersion,
    recordedAt: e.recordedAt,
  };
}
