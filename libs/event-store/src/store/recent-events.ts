import { StoredEvent } from './stored-event';

/**
 * Events this process has lately seen stored (its own appends, as committed, and its lookups),
 * by event id, the oldest forgotten first. A stored event never changes (the table refuses
 * updates and deletes), so one seen here is the one the store holds: a consumer checking its
 * delivery against the store reads it here instead of asking again. What was not found is never
 * kept: an id unknown now may be committed a moment later.
 */
export class RecentEvents {
  private readonly byId = new Map<string, StoredEvent>();

  constructor(private readonly capacity: number) {}

  get(eventId: string): StoredEvent | undefined {
    return this.byId.get(eventId);
  }

  remember(events: readonly StoredEvent[]): void {
    for (const e of events) {
      this.byId.delete(e.eventId);
      this.byId.set(e.eventId, e);
    }
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= this.capacity) break;
      this.byId.delete(oldest);
    }
  }
}
