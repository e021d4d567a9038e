import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { readSerialNumberParam } from '../serial-number-param';
import { HeldCertificateView } from '../held-certificate-view';
import { ReleaseCertificateHoldCommand } from './release-certificate-hold.command';

@Controller('certificates')
@Roles('operator')
export class ReleaseCertificateHoldHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'certificates',
    summary: 'Release a certificate on hold',
    description:
      'A certificate an operator revoked with certificateHold is valid again (CertificateHoldReleased): it leaves the CRL and OCSP answers good once projected. ' +
      "Not for a hold a disable put on (enable issues a new certificate), nor for a disabled client, nor past the client's limit of valid certificates, nor after a rename or SAN change.",
    success: { status: 200, description: 'the certificate, valid again, with its client_id' },
    errors: [
      'INVALID_SERIAL_NUMBER',
      'CERTIFICATE_NOT_FOUND',
      'CERTIFICATE_NOT_ON_HOLD',
      'CLIENT_NOT_FOUND',
      'CLIENT_DISABLED',
      'CERTIFICATE_LIMIT_REACHED',
      'CONCURRENCY_CONFLICT',
    ],
  })
  @Post(':serial/release')
  @HttpCode(200)
  release(@Param('serial') serial: string, @Req() req: FastifyRequest): Promise<HeldCertificateView> {
    return this.commands.execute(new ReleaseCertificateHoldCommand(readSerialNumberParam(serial), requestContext(req)));
  }
}
