import { Body, Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { ISSUER_ID_ERRORS, IssuerView } from '../issuer-view';
import { InstallIssuerCertificateCommand } from './install-issuer-certificate.command';
import { assertIssuerIdParam } from '../issuer-id-param';

/** Admin only (no @Roles). */
@Controller('pki/issuers')
export class InstallIssuerCertificateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/certificate')
  @HttpCode(200)
  @ClientRoute({
    tag: 'pki',
    summary: "Install an intermediate issuer's certificate",
    description:
      'Body {"certificate","chain"?}: the certificate the root of the operator signed for the CSR of the issuer (PEM), and the ' +
      'certificates above it up to the root, the signer first. Refused unless it certifies the key of the CSR and is a CA. The ' +
      'issuer is then ready to activate, and its chain joins the trust bundle.',
    success: { status: 200, description: 'the issuer' },
    errors: [
      ...CLIENT_ERRORS.body,
      ...ISSUER_ID_ERRORS,
      'INVALID_ISSUER_CERTIFICATE',
      'ISSUER_CERTIFICATE_KEY_MISMATCH',
      'ISSUER_CERTIFICATE_NOT_CA',
      'INVALID_ISSUER_CHAIN',
      'ISSUER_NOT_PENDING',
      'CONCURRENCY_CONFLICT',
    ],
  })
  install(@Param('id') id: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<IssuerView> {
    const { certificate, chain } = readBody(body, ['certificate', 'chain'] as const);
    return this.commands.execute(
      new InstallIssuerCertificateCommand(assertIssuerIdParam(id), certificate, chain, requestContext(req)),
    );
  }
}
