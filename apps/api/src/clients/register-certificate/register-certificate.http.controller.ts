import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { assertClientIdParam } from '../client-id-param';
import { ClientView } from '../client-view';
import { GetClientQuery } from '../get-client/get-client.query';
import { RegisterCertificateCommand } from './register-certificate.command';
import { Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class RegisterCertificateHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Body `{"certificate": "<PEM>"}`; putting the same certificate again changes nothing. */
  @ClientRoute({
    summary: 'Register an existing certificate',
    description:
      'Body {"certificate"}: a PEM certificate of the certplane CA, not expired, recorded as the client\'s newest (CertificateRegistered). The same one again changes nothing.',
    success: { status: 200, description: 'the client' },
    errors: [
      ...CLIENT_ERRORS.body,
      'INVALID_CERTIFICATE',
      ...CLIENT_ERRORS.existing,
      'CLIENT_DISABLED',
      'CERTIFICATE_ALREADY_REGISTERED',
      'CERTIFICATE_LIMIT_REACHED',
    ],
  })
  @Put(':id/certificate')
  async register(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ClientView> {
    const clientId = assertClientIdParam(id);
    const { certificate } = readBody(body, ['certificate'] as const);
    await this.commands.execute(new RegisterCertificateCommand(clientId, certificate, requestContext(req)));
    return this.queries.execute(new GetClientQuery(clientId));
  }
}
