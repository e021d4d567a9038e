/** What an aggregate decides: a named, versioned fact with a JSON-serialisable payload. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly data: TData;
}
