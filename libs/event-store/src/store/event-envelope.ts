import { CertplaneEvent, eventRegistry } from '@certplane/domain';
import { eventSubject, HEADERS, OutgoingMessage, PoisonMessageError } from '@certplane/messaging';
import type { EventEnvelope } from '@certplane/api-contract';
import { StoredEvent, streamCategory } from './stored-event';

export type { EventEnvelope } from '@certplane/api-contract';

export function toEnvelope(e: StoredEvent): EventEnvelope {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    position: e.position,
    recordedAt: e.recordedAt.toISOString(),
    data: e.data,
    metadata: e.metadata,
  };
}

/** The event id is the Nats-Msg-Id, so JetStream drops a re-publish of the same event. */
export function toOutgoingMessage(e: StoredEvent, subjectPrefix: string): OutgoingMessage {
  return {
    subject: eventSubject(subjectPrefix, streamCategory(e.streamId), e.type),
    msgId: e.eventId,
    headers: {
      [HEADERS.eventType]: e.type,
      [HEADERS.eventVersion]: String(e.schemaVersion),
      [HEADERS.streamId]: e.streamId,
      [HEADERS.streamVersion]: String(e.streamVersion),
      [HEADERS.correlationId]: e.metadata.correlationId,
      ...(e.metadata.causationId ? { [HEADERS.causationId]: e.metadata.causationId } : {}),
    },
    data: Buffer.from(JSON.stringify(toEnvelope(e))),
  };
}

/** A payload no handler can ever use is poison: it goes to the dead-letter record, not round and round. */
export function decodeEnvelope(data: Uint8Array): EventEnvelope {
  let value: any;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new PoisonMessageError('payload is not JSON');
  }
  const ok =
    value &&
    typeof value === 'object' &&
    typeof value.eventId === 'string' &&
    typeof value.type === 'string' &&
    Number.isInteger(value.schemaVersion) &&
    typeof value.streamId === 'string' &&
    Number.isInteger(value.streamVersion) &&
    value.streamVersion > 0 &&
    value.metadata &&
    typeof value.metadata === 'object' &&
    'data' in value;
  if (!ok) throw new PoisonMessageError('payload is not a certplane event envelope');
  return value as EventEnvelope;
}

/** The stored event read against the registry: one the registry cannot read is poison too. */
export function readableEvent(e: StoredEvent): StoredEvent<CertplaneEvent> {
  try {
    return { ...e, ...eventRegistry.parse(e.type, e.schemaVersion, e.data) };
  } catch (err) {
    throw new PoisonMessageError(
      `event ${e.type} v${e.schemaVersion} cannot be read: ${(err as Error).message.slice(0, 300)}`,
    );
  }
}
