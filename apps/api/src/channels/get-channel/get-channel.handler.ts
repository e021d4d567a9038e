import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ChannelNotFoundError } from '@certplane/domain';
import { ChannelRepository } from '@certplane/event-store';
import { channelView, ChannelView } from '../channel-view';
import { GetChannelQuery } from './get-channel.query';

/** Folds the channel's stream, as GET /clients/:id does: a command's answer shows at once, and ?at= is the fold cut at that moment. */
@QueryHandler(GetChannelQuery)
export class GetChannelHandler implements IQueryHandler<GetChannelQuery, ChannelView> {
  constructor(private readonly channels: ChannelRepository) {}

  async execute({ channelId, at }: GetChannelQuery): Promise<ChannelView> {
    const channel = at === undefined ? await this.channels.load(channelId) : await this.channels.loadAt(channelId, at);
    if (channel.deleted) throw new ChannelNotFoundError(at ? `with that id at ${at.toISOString()}` : 'with that id');
    return channelView(channel);
  }
}
