import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { AUTH_ERRORS, BODY_ERRORS } from '../../openapi/error-codes';
import { EnrolClientRequestSchema, EnrolClientResponseSchema } from '../../openapi/schemas/enrol-client.schema';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { EnrolClientCommand } from './enrol-client.command';
import { EnrolledClient } from './enrol-client.handler';
import { Roles } from '../../auth/access.decorators';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clientcontroller')
@Roles('operator')
export class EnrolClientHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('enrol')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enrol a client',
    description:
      'Enrols a client; the cert-issuer then issues its certificate, which details returns. The body is read as JSON whatever its ' +
      'Content-Type; unknown fields are refused.',
  })
  @ApiBody({ type: EnrolClientRequestSchema })
  @ApiOkResponse({
    description:
      'enrolled; url is the details secret (the only credential for GET /informationservice/details/{url}, shown once), id the client id',
    type: EnrolClientResponseSchema,
  })
  @ApiErrors(
    ...BODY_ERRORS,
    'INVALID_BODY',
    'UNKNOWN_FIELD',
    'INVALID_NAME',
    'RESERVED_NAME',
    'INVALID_TOPICS',
    'UNKNOWN_TOPIC',
    'INVALID_IP_ADDRESS',
    'RESERVED_IP_ADDRESS',
    'INVALID_HOSTNAME',
    'RESERVED_HOSTNAME',
    'PARAMETERS_NOT_APPROPRIATE',
    'INVALID_VALIDITY',
    ...AUTH_ERRORS,
    'CLIENT_ALREADY_EXISTS',
    'DUPLICATE_IP',
    'DUPLICATE_HOSTNAME',
    'CONCURRENCY_CONFLICT',
  )
  async enrol(@Body() body: unknown, @Req() req: FastifyRequest) {
    const { name, topics, ip, hostname, validity } = readBody(body, [
      'name',
      'topics',
      'ip',
      'hostname',
      'validity',
    ] as const);
    const { clientId, detailsSecret } = await this.commands.execute<EnrolClientCommand, EnrolledClient>(
      new EnrolClientCommand({ name, topics, ip, hostname, validity }, requestContext(req)),
    );
    return { message: 'success', detail: 'Client enrolled', url: detailsSecret, id: clientId };
  }
}
