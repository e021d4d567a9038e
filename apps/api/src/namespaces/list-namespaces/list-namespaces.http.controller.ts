import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UplinkRoute } from '../../tunnels/uplink-api-docs';
import { readQuery } from '../../http/query-params';
import { NamespaceView } from '../namespace-view';
import { ListNamespacesQuery } from './list-namespaces.query';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/namespace')
@Roles('operator')
export class ListNamespacesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @UplinkRoute({
    tag: 'namespaces',
    summary: 'List the namespaces certplane manages',
    description: 'Ordered by name; each carries the label certplane.io/uplink=1.',
    success: { status: 200, description: 'an array of namespaces: name, labels, annotations, created' },
    errors: { 400: ['UNKNOWN_QUERY_PARAMETER'], 503: ['READ_MODEL_PENDING'] },
  })
  list(@Query() query: unknown): Promise<NamespaceView[]> {
    readQuery(query, [] as const);
    return this.queries.execute(new ListNamespacesQuery());
  }
}
