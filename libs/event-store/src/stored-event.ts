import type { EventMetadata } from '@certplane/api-contract';

export type { EventMetadata } from '@certplane/api-contract';

export interface StoredEvent {
  /** Global position as a decimal string: bigint does not survive JSON. */
  position: string;
  transactionId: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** Where a global reader stands: commit-safe order is (transaction id, position). */
export interface GlobalCheckpoint {
  transactionId: string;
  position: string;
}

export const START_OF_STORE: GlobalCheckpoint = { transactionId: '0', position: '0' };

/** The category of `client-<id>` is `client`: it names the aggregate and the NATS subject token. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
