import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ClientNotFoundError } from '@certplane/domain';
import { ClientRegistry } from '@certplane/event-store';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { CHANNEL_ROWS, ChannelRow, channelViewFromRow, ChannelView } from '../channel-view';
import { CONNECTION_PAIRS } from '../connection-rows';
import { ListClientChannelsQuery } from './list-client-channels.query';

/** The client must be live (the registry says); its channels come from the read model, oldest connection first. */
@QueryHandler(ListClientChannelsQuery)
export class ListClientChannelsHandler implements IQueryHandler<
  ListClientChannelsQuery,
  PageOf<ChannelView & { types: string[] }>
> {
  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientRegistry,
  ) {}

  async execute({ clientId, type, page }: ListClientChannelsQuery): Promise<PageOf<ChannelView & { types: string[] }>> {
    if (!(await this.clients.isLive(clientId))) throw new ClientNotFoundError('with that id');
    const where = new Where().and('cc.client_id = ?', clientId);
    if (type !== undefined) where.and('? = ANY(cc.types)', type);
    return queryPage(
      this.ds,
      {
        select: `${CHANNEL_ROWS.select}, cc.types`,
        from: `${CONNECTION_PAIRS} JOIN ${CHANNEL_ROWS.from} USING (channel_id)`,
        where,
        orderBy: 'cc.connected_at, cc.channel_id',
        page,
      },
      (r: ChannelRow & { types: string[] }) => ({ ...channelViewFromRow(r), types: r.types }),
    );
  }
}
