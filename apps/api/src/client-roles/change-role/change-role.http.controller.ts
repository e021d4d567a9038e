import { Body, Controller, Delete, HttpCode, Param, Patch, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoles, DomainEvent } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { CLIENT_ROLE_ERRORS } from '../client-role-api-docs';
import { clientRoleView, ClientRoleView } from '../client-role-view';
import { assertRoleNameParam } from '../role-name-param';
import { ChangeRoleCommand } from './change-role.command';
import { defineRoleListRoutes, ROLE_LISTS, WRITE_ERRORS } from './role-list-routes';

/**
 * Every change of an existing role, Magistrala's routes among them (…/actions/delete, …/delete-all).
 * Members of a role granting manage_role may rename, remove and change actions; add_role_users and
 * remove_role_users grant the member routes.
 */
@Controller('clients')
@Roles('operator')
export class ChangeRoleHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Rename a role',
    description: 'Body {"name"}: the new name, unique among the client\'s roles. Its actions and members stay.',
    success: { status: 200, description: 'the role' },
    errors: [...WRITE_ERRORS, 'ROLE_ALREADY_EXISTS'],
  })
  @Patch(':id/roles/:role')
  @MemberMay('manage_role')
  async rename(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<ClientRoleView> {
    const { name } = readBody(body, ['name'] as const);
    const old = assertRoleNameParam(role);
    const after = await this.change(id, req, (r) => r.rename(old, name));
    return clientRoleView(after.clientId, after.role(typeof name === 'string' ? name : old));
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Delete a role',
    description: 'Its members lose what it granted them at once.',
    success: { status: 204, description: 'deleted' },
    errors: CLIENT_ROLE_ERRORS.role,
  })
  @Delete(':id/roles/:role')
  @MemberMay('manage_role')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Param('role') role: string, @Req() req: FastifyRequest): Promise<void> {
    const name = assertRoleNameParam(role);
    await this.change(id, req, (r) => r.remove(name));
  }

  change(id: string, req: FastifyRequest, decide: (roles: ClientRoles) => DomainEvent[]): Promise<ClientRoles> {
    return this.commands.execute(new ChangeRoleCommand(assertClientIdParam(id), decide, requestContext(req)));
  }
}

for (const list of ROLE_LISTS) defineRoleListRoutes(ChangeRoleHttpController, list);
