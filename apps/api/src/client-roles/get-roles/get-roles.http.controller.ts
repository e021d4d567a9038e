import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoles } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { readQuery } from '../../http/query-params';
import { readTimestamp } from '../../http/query-values';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { CLIENT_ROLE_ERRORS } from '../client-role-api-docs';
import { clientRoleView, ClientRoleView } from '../client-role-view';
import { assertRoleNameParam } from '../role-name-param';
import { GetRolesQuery } from './get-roles.query';

const AT = "With ?at=<RFC 3339>, as it was then (folded from the roles' events).";

/** The reads of a client's roles; a member of a role granting view_role_users may call them. */
@Controller('clients')
@Roles('operator')
export class GetRolesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'client-roles',
    summary: "List a client's roles",
    description: `{"roles":[role…],"total"}, oldest first. ${AT}`,
    success: { status: 200, description: 'the roles' },
    errors: [...CLIENT_ROLE_ERRORS.query, 'CLIENT_NOT_FOUND'],
  })
  @Get(':id/roles')
  @MemberMay('view_role_users')
  async list(@Param('id') id: string, @Query() query: unknown): Promise<{ roles: ClientRoleView[]; total: number }> {
    const roles = await this.roles(id, query);
    const views = [...roles.roles.values()].map((r) => clientRoleView(roles.clientId, r));
    return { roles: views, total: views.length };
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Get a role of a client',
    description: AT,
    success: { status: 200, description: 'the role' },
    errors: [...CLIENT_ROLE_ERRORS.query, 'CLIENT_NOT_FOUND', 'ROLE_NOT_FOUND'],
  })
  @Get(':id/roles/:role')
  @MemberMay('view_role_users')
  async get(@Param('id') id: string, @Param('role') role: string, @Query() query: unknown): Promise<ClientRoleView> {
    const name = assertRoleNameParam(role);
    const roles = await this.roles(id, query);
    return clientRoleView(roles.clientId, roles.role(name));
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: "List a role's actions",
    description: `{"actions":[…]}. ${AT}`,
    success: { status: 200, description: 'the actions' },
    errors: [...CLIENT_ROLE_ERRORS.query, 'CLIENT_NOT_FOUND', 'ROLE_NOT_FOUND'],
  })
  @Get(':id/roles/:role/actions')
  @MemberMay('view_role_users')
  async actions(
    @Param('id') id: string,
    @Param('role') role: string,
    @Query() query: unknown,
  ): Promise<{ actions: string[] }> {
    const name = assertRoleNameParam(role);
    return { actions: [...(await this.roles(id, query)).role(name).actions] };
  }

  @ClientRoute({
    tag: 'client-roles',
    summary: "List a role's members",
    description: `{"members":[…]}, in the order they were added. ${AT}`,
    success: { status: 200, description: 'the members' },
    errors: [...CLIENT_ROLE_ERRORS.query, 'CLIENT_NOT_FOUND', 'ROLE_NOT_FOUND'],
  })
  @Get(':id/roles/:role/members')
  @MemberMay('view_role_users')
  async members(
    @Param('id') id: string,
    @Param('role') role: string,
    @Query() query: unknown,
  ): Promise<{ members: string[] }> {
    const name = assertRoleNameParam(role);
    return { members: [...(await this.roles(id, query)).role(name).members] };
  }

  private roles(id: string, query: unknown): Promise<ClientRoles> {
    const clientId = assertClientIdParam(id);
    const { at } = readQuery(query, ['at'] as const);
    return this.queries.execute(new GetRolesQuery(clientId, at === undefined ? undefined : readTimestamp(at, 'at')));
  }
}
