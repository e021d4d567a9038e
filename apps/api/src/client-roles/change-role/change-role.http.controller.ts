import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
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

const WRITE_ERRORS = [...CLIENT_ROLE_ERRORS.body, ...CLIENT_ROLE_ERRORS.fields, ...CLIENT_ROLE_ERRORS.role] as const;
const REPEAT = 'What the role holds already (or, removing, does not hold) is left as it is: a repeat records nothing.';

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

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Add actions to a role',
    description: `Body {"actions":[1 or more actions]}; answers {"actions"} the role holds after. ${REPEAT}`,
    success: { status: 200, description: "the role's actions" },
    errors: WRITE_ERRORS,
  })
  @Post(':id/roles/:role/actions')
  @MemberMay('manage_role')
  @HttpCode(200)
  async addActions(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<{ actions: string[] }> {
    const name = assertRoleNameParam(role);
    const { actions } = readBody(body, ['actions'] as const);
    return {
      actions: [...(await this.change(id, req, (r) => r.addActions(name, actions ?? null))).role(name).actions],
    };
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Remove actions from a role',
    description: `Body {"actions":[1 or more actions]}. ${REPEAT}`,
    success: { status: 204, description: 'removed' },
    errors: WRITE_ERRORS,
  })
  @Post(':id/roles/:role/actions/delete')
  @MemberMay('manage_role')
  @HttpCode(204)
  async removeActions(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const name = assertRoleNameParam(role);
    const { actions } = readBody(body, ['actions'] as const);
    await this.change(id, req, (r) => r.removeActions(name, actions ?? null));
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Remove every action of a role',
    description: 'The role stays, granting nothing, with its members.',
    success: { status: 204, description: 'removed' },
    errors: CLIENT_ROLE_ERRORS.role,
  })
  @Post(':id/roles/:role/actions/delete-all')
  @MemberMay('manage_role')
  @HttpCode(204)
  async removeAllActions(
    @Param('id') id: string,
    @Param('role') role: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const name = assertRoleNameParam(role);
    await this.change(id, req, (r) => r.removeActions(name, undefined));
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Add members to a role',
    description: `Body {"members":[1-1000 of token:<name>, oidc:<subject>, certificate:<client id>]}; answers {"members"} after. ${REPEAT}`,
    success: { status: 200, description: "the role's members" },
    errors: WRITE_ERRORS,
  })
  @Post(':id/roles/:role/members')
  @MemberMay('add_role_users')
  @HttpCode(200)
  async addMembers(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<{ members: string[] }> {
    const name = assertRoleNameParam(role);
    const { members } = readBody(body, ['members'] as const);
    return {
      members: [...(await this.change(id, req, (r) => r.addMembers(name, members ?? null))).role(name).members],
    };
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Remove members from a role',
    description: `Body {"members":[1 or more members]}. ${REPEAT}`,
    success: { status: 204, description: 'removed' },
    errors: WRITE_ERRORS,
  })
  @Post(':id/roles/:role/members/delete')
  @MemberMay('remove_role_users')
  @HttpCode(204)
  async removeMembers(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const name = assertRoleNameParam(role);
    const { members } = readBody(body, ['members'] as const);
    await this.change(id, req, (r) => r.removeMembers(name, members ?? null));
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Remove every member of a role',
    description: 'The role stays, with its actions and no members.',
    success: { status: 204, description: 'removed' },
    errors: CLIENT_ROLE_ERRORS.role,
  })
  @Post(':id/roles/:role/members/delete-all')
  @MemberMay('remove_role_users')
  @HttpCode(204)
  async removeAllMembers(
    @Param('id') id: string,
    @Param('role') role: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const name = assertRoleNameParam(role);
    await this.change(id, req, (r) => r.removeMembers(name, undefined));
  }

  private change(id: string, req: FastifyRequest, decide: (roles: ClientRoles) => DomainEvent[]): Promise<ClientRoles> {
    return this.commands.execute(new ChangeRoleCommand(assertClientIdParam(id), decide, requestContext(req)));
  }
}
