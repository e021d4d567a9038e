import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { containsPattern } from '../../http/query-values';
import { CLIENT_ROWS, ClientRow, clientViewFromRow, ClientView } from '../client-view';
import { ListClientsQuery } from './list-clients.query';

/**
 * From the read model (GIN index on tags), oldest first. It follows the event store by a moment:
 * a client created just now may be missing from the list while GET /clients/:id already has it.
 */
@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery, PageOf<ClientView>> {
  constructor(private readonly ds: DataSource) {}

  execute({ filter, page }: ListClientsQuery): Promise<PageOf<ClientView>> {
    const where = new Where();
    if (filter.status) where.and('c.status = ?', filter.status);
    else where.and(`c.status <> 'removed'`);
    if (filter.name !== undefined) where.and('c.name = ?', filter.name);
    if (filter.search !== undefined) where.and('c.name ILIKE ?', containsPattern(filter.search));
    if (filter.tag !== undefined) where.and('c.tags @> ARRAY[?]::text[]', filter.tag);
    const now = new Date();
    return queryPage(this.ds, { ...CLIENT_ROWS, where, orderBy: 'c.enrolled_at, c.client_id', page }, (r: ClientRow) => clientViewFromRow(r, now));
  }
}
