import { Body, Controller, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { assertParentGroupId } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { assertGroupIdParam } from '../group-id-param';
import { GroupView } from '../group-view';
import { SetGroupParentCommand } from './set-group-parent.command';

@Controller('groups')
@Roles('operator')
export class SetGroupParentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: 'Move a group under another',
    description:
      'Body {"parent_group_id"} (null: the group becomes a root): its subtree moves with it. A parent that is the group or below it is refused (GROUP_CYCLE), also when two moves race.',
    success: { status: 200, description: 'the group' },
    errors: [...GROUP_ERRORS.body, 'INVALID_GROUP', ...GROUP_ERRORS.existing, 'GROUP_CYCLE'],
  })
  @Post(':id/parent')
  @HttpCode(200)
  set(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<GroupView> {
    const groupId = assertGroupIdParam(id);
    const { parent_group_id } = readBody(body, ['parent_group_id'] as const);
    return this.move(groupId, assertParentGroupId(parent_group_id), req);
  }

  @ClientRoute({
    tag: 'groups',
    summary: 'Make a group a root',
    description: 'It leaves its parent; its subtree stays below it.',
    success: { status: 200, description: 'the group' },
    errors: GROUP_ERRORS.existing,
  })
  @Delete(':id/parent')
  @HttpCode(200)
  remove(@Param('id') id: string, @Req() req: FastifyRequest): Promise<GroupView> {
    return this.move(assertGroupIdParam(id), null, req);
  }

  private move(groupId: string, parentId: string | null, req: FastifyRequest): Promise<GroupView> {
    return this.commands.execute(new SetGroupParentCommand(groupId, parentId, requestContext(req)));
  }
}
