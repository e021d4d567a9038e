import { StoredEvent } from './stored-event';

/** The select list and row mapping for events, shared by every query that reads them. */
export function storedEventColumns(alias = 'events'): string {
  return `${alias}.position::text AS position, ${alias}.transaction_id::text AS transaction_id, ${alias}.event_id, ${alias}.stream_id,
          ${alias}.stream_version, ${alias}.type, ${alias}.schema_version, ${alias}.data, ${alias}.metadata, ${alias}.recorded_at`;
}

export function rowToStoredEvent(r: any): StoredEvent {
  return {
    position: r.position,
    transactionId: r.transaction_id,
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
  };
}
