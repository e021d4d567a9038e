import { Body, Controller, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { TunnelView } from '../tunnel-view';
import { UpdateTunnelCommand } from './update-tunnel.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class UpdateTunnelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'Replace a tunnel’s tcpPorts',
    description: 'Same body as create; name and namespace select the tunnel. The same ports again change nothing.',
    success: { status: 200, description: 'the tunnel with its new tcpPorts' },
    errors: {
      400: [...UPLINK_ERRORS.body, ...UPLINK_ERRORS.tunnelRef, 'INVALID_TCP_PORTS'],
      404: ['NAMESPACE_NOT_FOUND', 'TUNNEL_NOT_FOUND'],
      409: ['CONCURRENCY_CONFLICT'],
    },
  })
  update(@Body() body: unknown, @Req() req: FastifyRequest): Promise<TunnelView> {
    const { name, namespace, tcpPorts } = readBody(body, ['name', 'namespace', 'tcpPorts'] as const);
    return this.commands.execute(new UpdateTunnelCommand({ name, namespace, tcpPorts }, requestContext(req)));
  }
}
