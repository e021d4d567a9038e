import { ConcurrencyError, DefinedEvent, DomainEvent, EventOf, eventRegistry } from '@certplane/domain';
import { StatementWrite, Tx } from '@certplane/persistence';
import { AppendContext, PostgresEventStore, SideWrite } from '../store/event-store';
import { StoredEvent } from '../store/stored-event';

/** What a repository needs to know of an aggregate type: where its events live, which they are, how to fold them. */
export interface AggregateKind<T extends { readonly version: number }, D extends DefinedEvent> {
  streamId(id: string): string;
  events: readonly D[];
  fromHistory(id: string, history: readonly StoredEvent<EventOf<D>>[]): T;
}

export interface Decision {
  events: DomainEvent[];
  /** Writes that commit or fail with the events: reservations, sealed secrets, another stream's events. */
  also?: readonly SideWrite[];
}

export interface UpdateOptions {
  /** Decisions made in all before a concurrent write is given up on. */
  attempts?: number;
  /**
   * Events the caller has just read from the store, e.g. the delivered event a consumer acts on.
   * When they are the stream's opening (its first version on, without a gap), the first decision is
   * made on them instead of reading the stream again: the append is conditional on their version,
   * so if the stream has moved on since, it conflicts and the next decision reads the stream.
   */
  read?: readonly StoredEvent[];
}

export interface Decided<T> {
  before: T;
  /** The state with the appended events applied (equal to before when nothing was decided). */
  readonly after: T;
  events: StoredEvent[];
}

/**
 * The one write path of every aggregate: loads it from its stream, appends what it decided at the
 * version it decided on (with its side writes), and on a concurrent write decides again.
 */
export class AggregateRepository<T extends { readonly version: number }, D extends DefinedEvent> {
  constructor(
    protected readonly store: PostgresEventStore,
    private readonly kind: AggregateKind<T, D>,
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

  /** The stream as stored, with timestamps and metadata (who, which request), each payload validated. */
  async history(id: string, tx?: Tx): Promise<StoredEvent<EventOf<D>>[]> {
    return (await this.store.readStream(this.kind.streamId(id), 0, tx)).map((e) => this.validated(e));
  }

  /** Starts a new stream; fails with ConcurrencyError if it exists. */
  async create(id: string, decision: Decision, context: AppendContext): Promise<Omit<Decided<T>, 'before'>> {
    const events = await this.store.append(this.kind.streamId(id), decision.events, {
      expectedVersion: 0,
      context,
      also: decision.also,
    });
    const kind = this.kind;
    const validated = (e: StoredEvent) => this.validated(e);
    // Folded only when asked: the enrolment's hot path answers without it.
    return {
      events,
      get after() {
        return kind.fromHistory(
          id,
          events.map((e) => validated(e)),
        );
      },
    };
  }

  /**
   * Starts many streams in one statement and one transaction, all or nothing, with `also` (one
   * write for all of them, e.g. every name reserved at once). Answers each one's events, in order.
   */
  async createAll(
    created: readonly { id: string; events: readonly DomainEvent[] }[],
    also: readonly StatementWrite[],
    context: AppendContext,
  ): Promise<StoredEvent<EventOf<D>>[][]> {
    const stored = await this.store.appendAll(
      created.map((c) => ({ streamId: this.kind.streamId(c.id), events: c.events, expectedVersion: 0 })),
      { context, also },
    );
    return stored.map((events) => events.map((e) => this.validated(e)));
  }

  /**
   * Load, decide, append; on a concurrent write, decide again on the fresh state. Deciding is
   * pure, so retrying it is safe; a decision of no events appends nothing.
   */
  async update(
    id: string,
    decide: (current: T) => Decision | Promise<Decision>,
    context: AppendContext,
    { attempts = 5, read }: UpdateOptions = {},
  ): Promise<Decided<T>> {
    const opening = read && this.openingOf(id, read);
    for (let attempt = 1; ; attempt++) {
      const history = attempt === 1 && opening ? opening : await this.history(id);
      const before = this.kind.fromHistory(id, history);
      const { events, also } = await decide(before);
      try {
        const stored = await this.store.append(this.kind.streamId(id), events, {
          expectedVersion: before.version,
          context,
          also,
        });
        const kind = this.kind;
        const validated = (e: StoredEvent) => this.validated(e);
        return {
          before,
          events: stored,
          get after() {
            return stored.length === 0 ? before : kind.fromHistory(id, [...history, ...stored.map(validated)]);
          },
        };
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || attempt >= attempts) throw e;
      }
    }
  }

  /** The events validated when they are the stream's first versions in order; undefined otherwise. */
  private openingOf(id: string, events: readonly StoredEvent[]): StoredEvent<EventOf<D>>[] | undefined {
    const streamId = this.kind.streamId(id);
    const opening = events.length > 0 && events.every((e, i) => e.streamId === streamId && e.streamVersion === i + 1);
    return opening ? events.map((e) => this.validated(e)) : undefined;
  }

  private validated(e: StoredEvent): StoredEvent<EventOf<D>> {
    return { ...e, ...eventRegistry.parseOf(this.kind.events, e.type, e.schemaVersion, e.data) };
  }
}
