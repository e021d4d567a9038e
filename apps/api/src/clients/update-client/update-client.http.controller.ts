import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { assertClientIdParam } from '../client-id-param';
import { ClientView } from '../client-view';
import { GetClientQuery } from '../get-client/get-client.query';
import { UpdateClientCommand } from './update-client.command';
import { MemberMay, Roles } from '../../auth/access.decorators';

/** id, created_at and the rest are not fields here: sending them is UNKNOWN_FIELD, not silently ignored. */
const FIELDS = ['name', 'tags', 'metadata', 'ip', 'hostname'] as const;

@Controller('clients')
@Roles('operator')
export class UpdateClientHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ClientRoute({
    summary: 'Update a client',
    description:
      'Body {"name"?,"tags"?,"metadata"?,"ip"?,"hostname"?}: each replaces the value; null removes ip or hostname. Renames and SAN changes reach the next certificate issued.',
    success: { status: 200, description: 'the client' },
    errors: [...CLIENT_ERRORS.body, ...CLIENT_ERRORS.identity, ...CLIENT_ERRORS.existing],
  })
  @Patch(':id')
  @MemberMay('update')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ClientView> {
    const clientId = assertClientIdParam(id);
    await this.commands.execute(new UpdateClientCommand(clientId, readBody(body, FIELDS), requestContext(req)));
    return this.queries.execute(new GetClientQuery(clientId));
  }
}
