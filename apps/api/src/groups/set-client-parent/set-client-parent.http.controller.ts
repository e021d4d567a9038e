import { Body, Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { isGroupId, InvalidGroupError } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { assertClientIdParam } from '../../clients/client-id-param';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { MemberMay, Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { SetClientParentCommand } from './set-client-parent.command';

@Controller('clients')
@Roles('operator')
export class SetClientParentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: "Set a client's parent group",
    description:
      'Body {"parent_group_id"}: the client is in that live group from now on (in one group at most). A member of a role granting set_parent_group may call it.',
    success: { status: 204, description: 'set' },
    errors: [...GROUP_ERRORS.body, 'INVALID_GROUP', 'CLIENT_NOT_FOUND', 'GROUP_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
  })
  @Post(':id/parent')
  @MemberMay('set_parent_group')
  @HttpCode(204)
  async set(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<void> {
    const clientId = assertClientIdParam(id);
    const { parent_group_id } = readBody(body, ['parent_group_id'] as const);
    if (!isGroupId(parent_group_id))
      throw new InvalidGroupError('parent_group_id must be a group id (32 lowercase hex)');
    await this.commands.execute(new SetClientParentCommand(clientId, parent_group_id, requestContext(req)));
  }

  @ClientRoute({
    tag: 'groups',
    summary: 'Take a client out of its group',
    description: 'A client in no group is left as it is. A member of a role granting set_parent_group may call it.',
    success: { status: 204, description: 'removed' },
    errors: ['CLIENT_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
  })
  @Delete(':id/parent')
  @MemberMay('set_parent_group')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new SetClientParentCommand(assertClientIdParam(id), null, requestContext(req)));
  }
}
