import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { assertValidClientName } from '@certplane/domain';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { AUTH_ERRORS, BODY_ERRORS } from '../../openapi/error-codes';
import { LeaveClientRequestSchema, LeaveClientResponseSchema } from '../../openapi/schemas/leave-client.schema';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { LeaveClientCommand } from './leave-client.command';
import { Roles } from '../../auth/access.decorators';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clientcontroller')
@Roles('operator')
export class LeaveClientHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('leave')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove a client',
    description:
      'Takes effect at once: the client is removed, its name is free again and its server-held key is deleted. The cert-issuer then ' +
      'revokes its certificate (CertificateRevoked, reason cessationOfOperation).',
  })
  @ApiBody({ type: LeaveClientRequestSchema })
  @ApiOkResponse({ description: 'removed', type: LeaveClientResponseSchema })
  @ApiErrors(
    ...BODY_ERRORS,
    'INVALID_BODY',
    'UNKNOWN_FIELD',
    'INVALID_NAME',
    'RESERVED_NAME',
    ...AUTH_ERRORS,
    'CLIENT_NOT_FOUND',
    'CONCURRENCY_CONFLICT',
  )
  async leave(@Body() body: unknown, @Req() req: FastifyRequest) {
    const { name } = readBody(body, ['name'] as const);
    assertValidClientName(name);
    await this.commands.execute(new LeaveClientCommand(name, requestContext(req)));
    return { message: 'success', detail: 'Client removed' };
  }
}
