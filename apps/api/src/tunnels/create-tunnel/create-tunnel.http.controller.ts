import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { TunnelView } from '../tunnel-view';
import { CreateTunnelCommand } from './create-tunnel.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class CreateTunnelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'Create a tunnel',
    description:
      'Body {"name","namespace","tcpPorts"}: DNS-1123 labels and 1-64 distinct ports. Answers the tunnel with its generated authToken.',
    success: {
      status: 201,
      description: 'the tunnel: name, namespace, tcpPorts, authToken, connectedClients, created',
    },
    errors: {
      400: [...UPLINK_ERRORS.body, ...UPLINK_ERRORS.tunnelRef, 'INVALID_TCP_PORTS'],
      404: ['NAMESPACE_NOT_FOUND'],
      409: ['TUNNEL_ALREADY_EXISTS'],
    },
  })
  create(@Body() body: unknown, @Req() req: FastifyRequest): Promise<TunnelView> {
    const { name, namespace, tcpPorts } = readBody(body, ['name', 'namespace', 'tcpPorts'] as const);
    return this.commands.execute(new CreateTunnelCommand({ name, namespace, tcpPorts }, requestContext(req)));
  }
}
