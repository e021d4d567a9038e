import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { GroupView } from '../group-view';
import { CreateGroupCommand } from './create-group.command';

@Controller('groups')
@Roles('operator')
export class CreateGroupHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: 'Create a group',
    description: 'Body {"name","metadata"?,"parent_id"?}: a root group, or a child of a live group.',
    success: { status: 201, description: 'the group, with a Location' },
    errors: [...GROUP_ERRORS.body, ...GROUP_ERRORS.fields, 'GROUP_NOT_FOUND'],
  })
  @Post()
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<GroupView> {
    const { name, metadata, parent_id } = readBody(body, ['name', 'metadata', 'parent_id'] as const);
    const group: GroupView = await this.commands.execute(
      new CreateGroupCommand({ name, metadata, parentId: parent_id ?? undefined }, requestContext(req)),
    );
    res.header('Location', `/groups/${group.id}`);
    return group;
  }
}
