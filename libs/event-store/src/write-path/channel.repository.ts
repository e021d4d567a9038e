import { Channel, channelStreamId, CHANNEL_EVENTS } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { AggregateRepository } from './aggregate.repository';
import { AlsoAppend, PostgresEventStore } from '../store/event-store';

export class ChannelRepository extends AggregateRepository<Channel, (typeof CHANNEL_EVENTS)[number]> {
  constructor(store: PostgresEventStore) {
    super(store, {
      streamId: channelStreamId,
      events: CHANNEL_EVENTS,
      fromHistory: (id, history) => Channel.fromHistory(id, history),
    });
  }

  /**
   * Appends a deleted client's ClientsDisconnected to each of `channelIds` inside the deletion's
   * transaction, each at the version read here: a channel that changes meanwhile fails the whole
   * deletion with a ConcurrencyError, and the deletion is decided again. Channels go in id order,
   * so two deletions sharing channels lock them in the same order. Answers the channels appended to.
   */
  async disconnectEverywhere(
    tx: Tx,
    alsoAppend: AlsoAppend,
    clientId: string,
    channelIds: readonly string[],
  ): Promise<string[]> {
    const disconnected: string[] = [];
    for (const channelId of [...channelIds].sort()) {
      const channel = await this.load(channelId, tx);
      const events = channel.disconnectDeletedClient(clientId);
      if (events.length === 0) continue;
      await alsoAppend(channelStreamId(channelId), events, channel.version);
      disconnected.push(channelId);
    }
    return disconnected;
  }
}
