import { EventEnvelope, StoredEvent } from '@certplane/event-store';

/** What a projection needs of an event, whether it came from the bus or straight from the store. */
export interface ProjectedEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  recordedAt: Date;
  /** Who caused it (event metadata); read models show it as updated_by. */
  actor?: string;
}

export function fromEnvelope(e: EventEnvelope): ProjectedEvent {
  return {
    eventId: e.eventId,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    recordedAt: new Date(e.recordedAt),
    actor: e.metadata?.actor,
  };
}

export function fromStored(e: StoredEvent): ProjectedEvent {
  return {
    eventId: e.eventId,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    recordedAt: e.recordedAt,
    actor: e.metadata?.actor,
  };
}
