import { Controller, Delete, HttpCode, Param, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../../tunnels/uplink-api-docs';
import { requestContext } from '../../http/request-context';
import { queryFlag, readQuery } from '../../http/query-params';
import { DeleteNamespaceCommand } from './delete-namespace.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/namespace')
@Roles('operator')
export class DeleteNamespaceHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':name')
  @HttpCode(204)
  @UplinkRoute({
    tag: 'namespaces',
    summary: 'Delete a namespace',
    description: 'Refused while it has tunnels, unless ?cascade=true, which deletes them first (each a TunnelDeleted).',
    success: { status: 204, description: 'deleted; no body' },
    errors: {
      400: [...UPLINK_ERRORS.query, 'INVALID_NAMESPACE'],
      404: ['NAMESPACE_NOT_FOUND'],
      409: ['NAMESPACE_NOT_EMPTY', 'CONCURRENCY_CONFLICT'],
    },
  })
  async delete(@Param('name') name: string, @Query() query: unknown, @Req() req: FastifyRequest): Promise<void> {
    const { cascade } = readQuery(query, ['cascade'] as const);
    await this.commands.execute(new DeleteNamespaceCommand(name, queryFlag(cascade, 'cascade'), requestContext(req)));
  }
}
