/**
 * An event as certplane publishes it: the JSON every subscriber of the bus receives (docs/events.md,
 * the public event format) and each event of a stream's history the API answers with.
 */
export interface EventEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  /** The store's global position, a decimal string (bigint does not survive JSON). */
  position: string;
  recordedAt: string;
  /** The event's own fields; events hold no secrets. */
  data: unknown;
  metadata: EventMetadata;
}

export interface EventMetadata {
  eventId: string;
  correlationId: string;
  causationId?: string;
  /** Who caused it: a token name, an OIDC subject, a client certificate, or a worker. */
  actor?: string;
  /** The HTTP request the flow started with (X-Request-Id), when it started with one. */
  requestId?: string;
  timestamp: string;
}

/** GET /clients/:id/events, GET /channels/:id/events: a stream's history, oldest first. */
export interface EventHistory {
  events: EventEnvelope[];
}
