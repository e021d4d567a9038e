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
export class EventRegistry {
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
  parse(type: string, schemaVersion: number, data: unknown): DomainEvent {
    const d = this.definition(type, schemaVersion);
    return { type, schemaVersion, data: d.schema.parse(data) };
  }

  types(): EventDefinition[] {
    return [...this.byKey.values()];
  }
}
