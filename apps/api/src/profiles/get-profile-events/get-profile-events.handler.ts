import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_PROFILE_NAME, ProfileNotFoundError, profileStreamId } from '@certplane/domain';
import { EventEnvelope, PostgresEventStore, ProfileRegistry, toEnvelope } from '@certplane/event-store';
import { GetProfileEventsQuery } from './get-profile-events.query';

/**
 * The history of a profile name, oldest first, in the envelope NATS subscribers receive: the stream of
 * every profile that has had the name (one deleted and defined again has had two), one after the other.
 * The built-in default was never defined, changed or deleted: its history is empty.
 */
@QueryHandler(GetProfileEventsQuery)
export class GetProfileEventsHandler implements IQueryHandler<GetProfileEventsQuery, { events: EventEnvelope[] }> {
  constructor(
    private readonly registry: ProfileRegistry,
    private readonly store: PostgresEventStore,
  ) {}

  async execute({ name }: GetProfileEventsQuery): Promise<{ events: EventEnvelope[] }> {
    if (name === DEFAULT_PROFILE_NAME) return { events: [] };
    const ids = await this.registry.everHeld(name);
    if (ids.length === 0) throw new ProfileNotFoundError(name.slice(0, 64));
    const streams = await Promise.all(ids.map((id) => this.store.readStream(profileStreamId(id))));
    return { events: streams.flat().map(toEnvelope) };
  }
}
