import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { GROUP_ERRORS } from '../group-api-docs';
import { assertGroupIdParam } from '../group-id-param';
import { DeleteGroupCommand } from './delete-group.command';

@Controller('groups')
@Roles('operator')
export class DeleteGroupHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'groups',
    summary: 'Delete a group',
    description:
      'Only an empty one: a child group or a live client in it refuses (GROUP_NOT_EMPTY). Its history stays.',
    success: { status: 204, description: 'deleted' },
    errors: [...GROUP_ERRORS.existing, 'GROUP_NOT_EMPTY'],
  })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new DeleteGroupCommand(assertGroupIdParam(id), requestContext(req)));
  }
}
