import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CONNECTION_TYPES, isChannelId, isClientId, isGroupId } from '@certplane/domain';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { ApiError } from '../../http/api-error';
import { PageOf } from '../../http/query-page';
import { readChoice, readPage, readSearch, readTimestamp } from '../../http/query-values';
import { queryFlag, readQuery } from '../../http/query-params';
import { ClientView } from '../client-view';
import { readMetadataFilter } from './metadata-filter';
import { CLIENT_ORDERS, ListClientsQuery } from './list-clients.query';
import { Roles } from '../../auth/access.decorators';

const PARAMETERS = [
  'limit',
  'offset',
  'name',
  'search',
  'tag',
  'status',
  'id',
  'metadata',
  'channel',
  'connection_type',
  'created_from',
  'created_to',
  'group',
  'order',
  'dir',
  'only_total',
] as const;

@Controller('clients')
@Roles('operator')
export class ListClientsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    summary: 'List clients',
    description:
      'Filters: name (exact), search (1-100 characters the name contains, any case), tag (one), status (enabled, disabled, removed; default the live ones), id, metadata (a JSON object the metadata contains, e.g. {"batch":"b1"}), ' +
      'channel (connected to that channel id), connection_type (publish or subscribe; with channel, on that channel), created_from and created_to (RFC 3339, inclusive), group (directly in that group id). ' +
      'order (created_at, updated_at, name; default created_at) and dir (asc, desc; default asc); only_total=true answers the total and no items. Paging: limit 1-100 (default 10), offset. From the read model.',
    success: { status: 200, description: '{"items":[client…],"total","limit","offset"}' },
    errors: [...CLIENT_ERRORS.query],
  })
  @Get()
  list(@Query() query: unknown): Promise<PageOf<ClientView>> {
    const q = readQuery(query, PARAMETERS);
    const status =
      q.status === undefined ? undefined : readChoice(q.status, 'status', ['enabled', 'disabled', 'removed'] as const);
    const filter = {
      name: q.name,
      search: q.search === undefined ? undefined : readSearch(q.search, 'search'),
      tag: q.tag,
      status,
      id: q.id === undefined ? undefined : anId(q.id, 'id', isClientId),
      metadata: q.metadata === undefined ? undefined : readMetadataFilter(q.metadata),
      channel: q.channel === undefined ? undefined : anId(q.channel, 'channel', isChannelId),
      connectionType:
        q.connection_type === undefined
          ? undefined
          : readChoice(q.connection_type, 'connection_type', CONNECTION_TYPES),
      createdFrom: q.created_from === undefined ? undefined : readTimestamp(q.created_from, 'created_from'),
      createdTo: q.created_to === undefined ? undefined : readTimestamp(q.created_to, 'created_to'),
      group: q.group === undefined ? undefined : anId(q.group, 'group', isGroupId),
    };
    const listing = {
      order: q.order === undefined ? 'created_at' : readChoice(q.order, 'order', CLIENT_ORDERS),
      dir: q.dir === undefined ? 'asc' : readChoice(q.dir, 'dir', ['asc', 'desc'] as const),
      onlyTotal: queryFlag(q.only_total, 'only_total'),
    } as const;
    return this.queries.execute(new ListClientsQuery(filter, readPage(q), listing));
  }
}

function anId(value: string, name: string, is: (v: string) => boolean): string {
  if (!is(value))
    throw new ApiError(400, 'INVALID_QUERY', `the query parameter ${name} must be an id: 32 lowercase hex digits`);
  return value;
}
