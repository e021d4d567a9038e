import type { EventHistory } from '@certplane/api-contract';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ChannelNotFoundError, channelStreamId } from '@certplane/domain';
import { PostgresEventStore, toEnvelope } from '@certplane/event-store';
import { GetChannelEventsQuery } from './get-channel-events.query';

/** The channel's whole stream, oldest first, its connections' history with it; a deleted channel keeps it. */
@QueryHandler(GetChannelEventsQuery)
export class GetChannelEventsHandler implements IQueryHandler<GetChannelEventsQuery, EventHistory> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ channelId }: GetChannelEventsQuery): Promise<EventHistory> {
    const history = await this.store.readStream(channelStreamId(channelId));
    if (history.length === 0) throw new ChannelNotFoundError();
    return { events: history.map(toEnvelope) };
  }
}
