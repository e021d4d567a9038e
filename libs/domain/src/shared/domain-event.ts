/** What an aggregate decides: a named, versioned fact with a JSON-serialisable payload. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly data: TData;
}

/** A domain event as read back from the event store, with its place in the stream. */
export interface RecordedDomainEvent<TType extends string = string, TData = unknown> extends DomainEvent<TType, TData> {
  readonly streamVersion: number;
  readonly recordedAt: Date;
}
