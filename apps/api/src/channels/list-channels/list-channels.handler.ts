import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { CHANNEL_ROWS, ChannelRow, channelViewFromRow, ChannelView } from '../channel-view';
import { ListChannelsQuery } from './list-channels.query';

/** From the read model, oldest first; it follows the event store by a moment, as the client list does. */
@QueryHandler(ListChannelsQuery)
export class ListChannelsHandler implements IQueryHandler<ListChannelsQuery, PageOf<ChannelView>> {
  constructor(private readonly ds: DataSource) {}

  execute({ filter, page }: ListChannelsQuery): Promise<PageOf<ChannelView>> {
    const where = new Where();
    if (filter.name !== undefined) where.and('ch.name = ?', filter.name);
    if (filter.tag !== undefined) where.and('ch.tags @> ARRAY[?]::text[]', filter.tag);
    if (filter.route !== undefined) where.and('ch.route = ?', filter.route);
    return queryPage(
      this.ds,
      { ...CHANNEL_ROWS, where, orderBy: 'ch.created_at, ch.channel_id', page },
      (r: ChannelRow) => channelViewFromRow(r),
    );
  }
}
