import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { RevokeEnrolmentTokenCommand } from './revoke-enrolment-token.command';

@Controller('enrolment-tokens')
@Roles('operator')
export class RevokeEnrolmentTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'enrolment-tokens',
    summary: 'Revoke an enrolment token',
    description:
      'Every later use is refused (ENROLMENT_TOKEN_REVOKED); clients it enrolled stay. Revoking a revoked token answers 204 again.',
    success: { status: 204, description: 'revoked; no body' },
    errors: ['ENROLMENT_TOKEN_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
  })
  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @Req() req: FastifyRequest): Promise<void> {
    await this.commands.execute(new RevokeEnrolmentTokenCommand(id, requestContext(req)));
  }
}
