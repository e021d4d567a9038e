import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { assertClientIdParam } from '../client-id-param';
import { ClientView } from '../client-view';
import { GetClientQuery } from '../get-client/get-client.query';
import { RenewCertificateCommand } from './renew-certificate.command';
import { MemberMay, OwnClient, Roles } from '../../auth/access.decorators';
import { RenewalLimited } from '../../abuse/renewal-limited.decorator';

@Controller('clients')
@Roles('operator')
@OwnClient('id')
export class RenewCertificateHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /**
   * 202: the renewal is recorded and the cert-issuer signs in a moment; the new certificate then
   * shows in GET /clients/:id, /clients/:id/certificates and details. An empty body is a renewal
   * with a new server key that leaves the old certificate valid.
   */
  @ClientRoute({
    summary: 'Renew the certificate',
    description:
      'Body {"csr"?,"revokeOld"?}: a new server key unless a CSR is given; older certificates stay valid unless revokeOld, then they are revoked as superseded with the new one. ' +
      'Asked for over mTLS by a client certificate, that certificate is revoked as superseded with the new one. Refused beyond the valid-certificate limit per client and the renewals per client per hour.',
    success: { status: 202, description: 'the client; the cert-issuer issues the new certificate a moment later' },
    errors: [
      ...CLIENT_ERRORS.body,
      'INVALID_CSR',
      ...CLIENT_ERRORS.existing,
      'CLIENT_DISABLED',
      'CERTIFICATE_LIMIT_REACHED',
    ],
  })
  @Post(':id/certificate/renew')
  @MemberMay('renew')
  @RenewalLimited('id')
  @HttpCode(202)
  async renew(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<ClientView> {
    const clientId = assertClientIdParam(id);
    const request = readBody(body ?? {}, ['csr', 'revokeOld'] as const);
    const askedBy = req.principal?.method === 'certificate' ? req.principal.serialNumber : undefined;
    await this.commands.execute(new RenewCertificateCommand(clientId, request, requestContext(req), askedBy));
    return this.queries.execute(new GetClientQuery(clientId));
  }
}
