import { Controller, Delete, HttpCode, Param, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../uplink-api-docs';
import { requestContext } from '../../http/request-context';
import { readQuery } from '../../http/query-params';
import { DeleteTunnelCommand } from './delete-tunnel.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/tunnels')
@Roles('operator')
export class DeleteTunnelHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':name')
  @HttpCode(204)
  @UplinkRoute({
    tag: 'tunnels',
    summary: 'Delete a tunnel',
    description: '?namespace= (required). Its token is destroyed and its status reports are refused from then on.',
    success: { status: 204, description: 'deleted; no body' },
    errors: {
      400: [...UPLINK_ERRORS.query, ...UPLINK_ERRORS.tunnelRef],
      404: ['NAMESPACE_NOT_FOUND', 'TUNNEL_NOT_FOUND'],
      409: ['CONCURRENCY_CONFLICT'],
    },
  })
  async delete(@Param('name') name: string, @Query() query: unknown, @Req() req: FastifyRequest): Promise<void> {
    const { namespace } = readQuery(query, ['namespace'] as const);
    await this.commands.execute(new DeleteTunnelCommand({ name, namespace }, requestContext(req)));
  }
}
