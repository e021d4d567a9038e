import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { requestContext } from '../../http/request-context';
import { assertClientIdParam } from '../client-id-param';
import { DeleteClientCommand } from './delete-client.command';
import { MemberMay, Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class DeleteClientHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    summary: 'Delete a client',
    description:
      'Frees its name, ip and hostname and deletes its server-held key at once; the cert-issuer revokes its certificates (cessationOfOperation). Its history stays readable.',
    success: { status: 204, description: 'deleted' },
    errors: [...CLIENT_ERRORS.existing],
  })
  @Delete(':id')
  @MemberMay('delete')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new DeleteClientCommand(assertClientIdParam(id), requestContext(req)));
  }
}
