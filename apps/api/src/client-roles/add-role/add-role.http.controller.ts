import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { CLIENT_ROLE_ERRORS } from '../client-role-api-docs';
import { ClientRoleView } from '../client-role-view';
import { AddRoleCommand } from './add-role.command';

@Controller('clients')
@Roles('operator')
export class AddRoleHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'client-roles',
    summary: 'Add a role to a client',
    description:
      'Body {"name","actions":[…],"members":[…]}: a name unique among the client\'s roles (1-64 of a-z 0-9 _ . -), the actions its members may take on the client (GET /clients/roles/available-actions) and its members: token:<name>, oidc:<subject>, certificate:<client id>. A member of a role granting manage_role may call it.',
    success: { status: 201, description: 'the role' },
    errors: [
      ...CLIENT_ROLE_ERRORS.body,
      ...CLIENT_ROLE_ERRORS.fields,
      ...CLIENT_ROLE_ERRORS.client,
      'ROLE_ALREADY_EXISTS',
      'TOO_MANY_ROLES',
    ],
  })
  @Post(':id/roles')
  @MemberMay('manage_role')
  add(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ClientRoleView> {
    const clientId = assertClientIdParam(id);
    const { name, actions, members } = readBody(body, ['name', 'actions', 'members'] as const);
    return this.commands.execute(new AddRoleCommand(clientId, { name, actions, members }, requestContext(req)));
  }
}
