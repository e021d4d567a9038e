import { isDeepStrictEqual } from 'node:util';
import { CertplaneEvent } from '@certplane/domain';
import { IncomingMessage } from '@certplane/messaging';
import { decodeEnvelope, EventEnvelope, readableEvent, toEnvelope } from '../store/event-envelope';
import { StoredEvent } from '../store/stored-event';

/**
 * Why a message is not news of a stored event: no event of its id is stored (`unknown_event`), it
 * says something of the event other than the store does (`mismatch`), or it is a stored event sent
 * again under a message id of its own (`republished`): the relay always uses the event id.
 */
export type RejectionReason = 'unknown_event' | 'mismatch' | 'republished';

export type DeliveredEvent = { ok: true; event: StoredEvent<CertplaneEvent> } | { ok: false; reason: RejectionReason };

/** Where the event a message announces is read: the store, by event id (PostgresEventStore). */
export interface EventLookup {
  readEvent(eventId: string): Promise<StoredEvent | undefined>;
}

/**
 * The event a message announces, as the store holds it. Anyone who can publish on the bus can
 * send any body, so a consumer acts on the stored event, and only when the message is exactly what
 * the relay would have published for it: every field, the body and metadata included, and the
 * event id as its message id. A payload that is no envelope at all is poison (PoisonMessageError).
 */
export async function readDeliveredEvent(msg: IncomingMessage, store: EventLookup): Promise<DeliveredEvent> {
  const claimed = decodeEnvelope(msg.data);
  const stored = await store.readEvent(claimed.eventId);
  const reason = rejectionOf(msg.msgId, claimed, stored);
  if (reason) return { ok: false, reason };
  return { ok: true, event: readableEvent(stored!) };
}

/** Compared as JSON values, what the relay's bytes decode to: key order and object prototypes do not count. */
export function rejectionOf(
  msgId: string | undefined,
  claimed: EventEnvelope,
  stored: StoredEvent | undefined,
): RejectionReason | undefined {
  if (!stored) return 'unknown_event';
  if (!isDeepStrictEqual(claimed, JSON.parse(JSON.stringify(toEnvelope(stored))))) return 'mismatch';
  if (msgId !== stored.eventId) return 'republished';
  return undefined;
}
