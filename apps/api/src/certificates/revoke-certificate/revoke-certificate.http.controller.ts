import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { OwnClient, Roles } from '../../auth/access.decorators';
import { readSerialNumberParam } from '../serial-number-param';
import { HeldCertificateView } from '../held-certificate-view';
import { RevokeCertificateCommand } from './revoke-certificate.command';

@Controller('certificates')
@Roles('operator')
@OwnClient('serial', 'certificateSerial')
export class RevokeCertificateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'certificates',
    summary: 'Revoke one certificate',
    description:
      'Body {"reason"}: an RFC 5280 reason (unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn). ' +
      "Recorded at once as CertificateRevoked on the certificate's client, by the caller; the CRL, OCSP and mTLS follow when it is projected. " +
      "A client certificate may revoke its own client's certificates for keyCompromise only. A certificateHold may be released (POST /certificates/:serial/release) or made final with another reason.",
    success: { status: 200, description: 'the certificate, revoked, with its client_id' },
    errors: [
      ...CLIENT_ERRORS.body,
      'INVALID_REVOCATION_REASON',
      'INVALID_SERIAL_NUMBER',
      'CERTIFICATE_NOT_FOUND',
      'CERTIFICATE_ALREADY_REVOKED',
      'CONCURRENCY_CONFLICT',
    ],
  })
  @Post(':serial/revoke')
  @HttpCode(200)
  revoke(
    @Param('serial') serial: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<HeldCertificateView> {
    const serialNumber = readSerialNumberParam(serial);
    const { reason } = readBody(body ?? {}, ['reason'] as const);
    const asking = req.principal?.method === 'certificate' ? req.principal.clientId : undefined;
    return this.commands.execute(new RevokeCertificateCommand(serialNumber, reason, requestContext(req), asking));
  }
}
