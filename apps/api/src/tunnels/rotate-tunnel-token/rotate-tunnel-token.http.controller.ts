import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { requestContext } from '../../http/request-context';
import { readQuery } from '../../http/query-params';
import { TunnelView } from '../tunnel-view';
import { RotateTunnelTokenCommand } from './rotate-tunnel-token.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class RotateTunnelTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':name/token/rotate')
  @HttpCode(200)
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'Rotate a tunnel’s authToken',
    description: '?namespace= (required). The old token stops working for status reports.',
    success: { status: 200, description: 'the tunnel with its new authToken' },
    errors: {
      400: [...UPLINK_ERRORS.query, ...UPLINK_ERRORS.tunnelRef],
      404: ['NAMESPACE_NOT_FOUND', 'TUNNEL_NOT_FOUND'],
      409: ['CONCURRENCY_CONFLICT'],
    },
  })
  rotate(@Param('name') name: string, @Query() query: unknown, @Req() req: FastifyRequest): Promise<TunnelView> {
    const { namespace } = readQuery(query, ['namespace'] as const);
    return this.commands.execute(new RotateTunnelTokenCommand({ name, namespace }, requestContext(req)));
  }
}
