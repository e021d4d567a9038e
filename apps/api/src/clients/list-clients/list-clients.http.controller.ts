import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { PageOf } from '../../http/query-page';
import { readChoice, readPage, readSearch } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { ClientView } from '../client-view';
import { ListClientsQuery } from './list-clients.query';
import { Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class ListClientsHttpController {
  constructor(private readonly queries: QueryBus) {}

  /** `?name=` exact, `?search=` part of the name, `?tag=` one tag the client has, `?status=enabled|disabled|removed`; `limit` 1-100 (10), `offset`. */
  @ClientRoute({
    summary: 'List clients',
    description: 'Filters: name (exact), search (1-100 characters the name contains, any case), tag (one), status (enabled, disabled, removed; default the live ones). Paging: limit 1-100 (default 10), offset. Oldest first, from the read model.',
    success: { status: 200, description: '{"items":[client…],"total","limit","offset"}' },
    errors: [...CLIENT_ERRORS.query],
  })
  @Get()
  list(@Query() query: unknown): Promise<PageOf<ClientView>> {
    const q = readQuery(query, ['limit', 'offset', 'name', 'search', 'tag', 'status'] as const);
    const status = q.status === undefined ? undefined : readChoice(q.status, 'status', ['enabled', 'disabled', 'removed'] as const);
    const search = q.search === undefined ? undefined : readSearch(q.search, 'search');
    return this.queries.execute(new ListClientsQuery({ name: q.name, search, tag: q.tag, status }, readPage(q)));
  }
}
