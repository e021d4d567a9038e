import { z } from 'zod';
import { DomainEvent } from './domain-event';

export interface EventDefinition<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  /** The aggregate kind; it names the stream category and the NATS subject token. */
  readonly category: string;
  readonly schema: z.ZodType<TData>;
}

export function defineEvent<TType extends string, TData>(def: EventDefinition<TType, TData>) {
  return {
    ...def,
    create(data: TData): DomainEvent<TType, TData> {
      return { type: def.type, schemaVersion: def.schemaVersion, data };
    },
  };
}

/** A definition with its typed constructor, as defineEvent makes it. */
export type DefinedEvent = EventDefinition & { create(data: never): DomainEvent };

/** The event a definition creates: its type name and its payload, typed; of a union of definitions, the union of their events. */
export type EventOf<D extends { create(data: never): DomainEvent }> = ReturnType<D['create']>;

export class UnknownEventTypeError extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
  ) {
    super(`Unknown event type ${type} v${schemaVersion}`);
  }
}

/**
 * The one place that knows every stored event type. The stored type is this explicit name, never
 * a class name, so renaming code cannot orphan history.
 */
export class EventRegistry<E extends DomainEvent = DomainEvent> {
  private readonly byKey = new Map<string, EventDefinition>();

  constructor(definitions: readonly EventDefinition<string, any>[]) {
    for (const d of definitions) {
      const key = `${d.type}@${d.schemaVersion}`;
      if (this.byKey.has(key)) throw new Error(`Event ${key} is registered twice`);
      this.byKey.set(key, d);
    }
  }

  definition(type: string, schemaVersion: number): EventDefinition {
    const d = this.byKey.get(`${type}@${schemaVersion}`);
    if (!d) throw new UnknownEventTypeError(type, schemaVersion);
    return d;
  }

  /** Validates a payload read from the store or the bus; throws on unknown types or bad shapes. */
  parse(type: string, schemaVersion: number, data: unknown): E {
    const d = this.definition(type, schemaVersion);
    // The definition found under `type` parsed the payload, so it is the payload of that member of E.
    return { type, schemaVersion, data: d.schema.parse(data) } as E;
  }

  /**
   * parse, for a reader of one aggregate's stream: an event of a type outside `definitions` is as
   * unknown to it as one outside the registry.
   */
  parseOf<D extends DefinedEvent>(
    definitions: readonly D[],
    type: string,
    schemaVersion: number,
    data: unknown,
  ): EventOf<D> {
    if (!definitions.some((d) => d.type === type)) throw new UnknownEventTypeError(type, schemaVersion);
    // Every version of a type parses to its latest payload: the registry found one of D's.
    return this.parse(type, schemaVersion, data) as DomainEvent as EventOf<D>;
  }

  /** The payload of `e`, stored as `definition`'s type (a reader switched on it), validated and typed. */
  dataOf<D extends DefinedEvent>(
    definition: D,
    e: { type: string; schemaVersion: number; data: unknown },
  ): EventOf<D>['data'] {
    return this.parseOf([definition], e.type, e.schemaVersion, e.data).data;
  }

  types(): EventDefinition[] {
    return [...this.byKey.values()];
  }
}
