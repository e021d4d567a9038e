import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { queryFlag, readQuery } from '../../http/query-params';
import { TunnelView } from '../tunnel-view';
import { GetTunnelQuery } from './get-tunnel.query';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class GetTunnelHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':name')
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'Get a tunnel',
    description:
      '?namespace= (required); ?metrics=1 adds rx, tx (bytes/s) and tcpConnectionRate (/s) over the last 5 minutes.',
    success: { status: 200, description: 'the tunnel, with metrics when asked for' },
    errors: {
      400: [...UPLINK_ERRORS.query, ...UPLINK_ERRORS.tunnelRef],
      404: ['NAMESPACE_NOT_FOUND', 'TUNNEL_NOT_FOUND'],
      503: ['READ_MODEL_PENDING'],
    },
  })
  get(@Param('name') name: string, @Query() query: unknown): Promise<TunnelView> {
    const { namespace, metrics } = readQuery(query, ['namespace', 'metrics'] as const);
    return this.queries.execute(new GetTunnelQuery(name, namespace, queryFlag(metrics, 'metrics')));
  }
}
