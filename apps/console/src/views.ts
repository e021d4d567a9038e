/** The event envelope GET /clients/:id/events answers with, as far as the console reads it (the event store's own type). */
export interface EventEnvelope {
  eventId: string;
  type: string;
  streamVersion: number;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: { actor?: string; correlationId?: string; requestId?: string };
}
