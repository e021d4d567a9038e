import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { queryFlag, readQuery } from '../../http/query-params';
import { TunnelView } from '../tunnel-view';
import { ListTunnelsQuery } from './list-tunnels.query';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class ListTunnelsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'List tunnels',
    description: '?namespace= (absent: every namespace); ?metrics=1 as for one tunnel. Ordered by namespace and name.',
    success: { status: 200, description: 'an array of tunnels' },
    errors: {
      400: [...UPLINK_ERRORS.query, 'INVALID_NAMESPACE'],
      404: ['NAMESPACE_NOT_FOUND'],
      503: ['READ_MODEL_PENDING'],
    },
  })
  list(@Query() query: unknown): Promise<TunnelView[]> {
    const { namespace, metrics } = readQuery(query, ['namespace', 'metrics'] as const);
    return this.queries.execute(new ListTunnelsQuery(namespace, queryFlag(metrics, 'metrics')));
  }
}
