import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ChannelNotFoundError } from '@certplane/domain';
import { ChannelRepository } from '@certplane/event-store';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { CONNECTION_PAIRS } from '../connection-rows';
import { ListChannelClientsQuery } from './list-channel-clients.query';

export interface ChannelClientView {
  client_id: string;
  name: string | null;
  types: string[];
  connected_at: string;
}

/** The channel must exist (its stream says); its connections come from the read model, oldest first. */
@QueryHandler(ListChannelClientsQuery)
export class ListChannelClientsHandler implements IQueryHandler<ListChannelClientsQuery, PageOf<ChannelClientView>> {
  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChannelRepository,
  ) {}

  async execute({ channelId, type, page }: ListChannelClientsQuery): Promise<PageOf<ChannelClientView>> {
    if ((await this.channels.load(channelId)).deleted) throw new ChannelNotFoundError();
    const where = new Where().and('cc.channel_id = ?', channelId);
    if (type !== undefined) where.and('? = ANY(cc.types)', type);
    return queryPage(
      this.ds,
      {
        select: 'cc.client_id, c.name, cc.types, cc.connected_at',
        from: CONNECTION_PAIRS,
        joined: 'LEFT JOIN rm_clients c USING (client_id)',
        where,
        orderBy: 'cc.connected_at, cc.client_id',
        page,
      },
      (r: { client_id: string; name: string | null; types: string[]; connected_at: Date }) => ({
        client_id: r.client_id,
        name: r.name,
        types: r.types,
        connected_at: r.connected_at.toISOString(),
      }),
    );
  }
}
