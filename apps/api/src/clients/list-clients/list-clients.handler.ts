import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { containsPattern } from '../../http/query-values';
import { CLIENT_ROWS, ClientRow, clientViewFromRow, ClientView } from '../client-view';
import { ClientOrder, ListClientsQuery } from './list-clients.query';

/** Columns the list sorts by; the client id breaks ties so pages never overlap. */
const ORDER_COLUMNS: Record<ClientOrder, string> = {
  created_at: 'c.enrolled_at',
  updated_at: 'c.updated_at',
  name: 'c.name',
};

/**
 * From the read model (GIN index on tags), oldest first unless asked otherwise. It follows the
 * event store by a moment: a client created just now may be missing from the list while GET
 * /clients/:id already has it.
 */
@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery, PageOf<ClientView>> {
  constructor(private readonly ds: DataSource) {}

  execute({ filter, page, listing }: ListClientsQuery): Promise<PageOf<ClientView>> {
    const where = new Where();
    if (filter.status) where.and('c.status = ?', filter.status);
    else where.and(`c.status <> 'removed'`);
    if (filter.name !== undefined) where.and('c.name = ?', filter.name);
    if (filter.search !== undefined) where.and('c.name ILIKE ?', containsPattern(filter.search));
    if (filter.tag !== undefined) where.and('c.tags @> ARRAY[?]::text[]', filter.tag);
    if (filter.id !== undefined) where.and('c.client_id = ?', filter.id);
    if (filter.metadata !== undefined) where.and('c.metadata::jsonb @> ?::jsonb', JSON.stringify(filter.metadata));
    if (filter.createdFrom !== undefined) where.and('c.enrolled_at >= ?', filter.createdFrom);
    if (filter.createdTo !== undefined) where.and('c.enrolled_at <= ?', filter.createdTo);
    if (filter.group !== undefined) where.and('c.parent_group_id = ?', filter.group);
    if (filter.channel !== undefined || filter.connectionType !== undefined) {
      where.and(
        'EXISTS (SELECT 1 FROM rm_channel_connections cc WHERE cc.client_id = c.client_id AND (?::text IS NULL OR cc.channel_id = ?) AND (?::text IS NULL OR cc.type = ?))',
        filter.channel ?? null,
        filter.channel ?? null,
        filter.connectionType ?? null,
        filter.connectionType ?? null,
      );
    }
    const dir = listing.dir === 'desc' ? 'DESC' : 'ASC';
    const now = new Date();
    return queryPage(
      this.ds,
      {
        ...CLIENT_ROWS,
        where,
        orderBy: `${ORDER_COLUMNS[listing.order]} ${dir}, c.client_id ${dir}`,
        page,
        onlyTotal: listing.onlyTotal,
      },
      (r: ClientRow) => clientViewFromRow(r, now),
    );
  }
}
