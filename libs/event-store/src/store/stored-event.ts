import { DomainEvent } from '@certplane/domain';
import type { EventMetadata } from '@certplane/api-contract';

export type { EventMetadata } from '@certplane/api-contract';

/**
 * An event as the store holds it: the one recorded-event type, read by aggregates, consumers,
 * projections and reconcilers alike. `E` is its typed form once its payload was validated against
 * the registry (AggregateRepository.history, a consumer's delivery); as read, `data` is unknown.
 */
export type StoredEvent<E extends DomainEvent = DomainEvent> = E & {
  /** Global position as a decimal string: bigint does not survive JSON. */
  position: string;
  transactionId: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  metadata: EventMetadata;
  recordedAt: Date;
};

/** Where a global reader stands: commit-safe order is (transaction id, position). */
export interface GlobalCheckpoint {
  transactionId: string;
  position: string;
}

export const START_OF_STORE: GlobalCheckpoint = { transactionId: '0', position: '0' };

/** The id of `client-<id>`: the aggregate's own id. */
export function streamEntityId(streamId: string): string {
  return streamId.slice(streamId.indexOf('-') + 1);
}

/** The category of `client-<id>` is `client`: it names the aggregate and the NATS subject token. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
