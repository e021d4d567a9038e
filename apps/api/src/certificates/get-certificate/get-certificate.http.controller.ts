import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { readSerialNumberParam } from '../serial-number-param';
import { CertificateDocument } from './get-certificate.handler';
import { GetCertificateQuery } from './get-certificate.query';
import { Roles } from '../../auth/access.decorators';

@Controller('certificates')
@Roles('operator')
export class GetCertificateHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    tag: 'certificates',
    summary: 'One certificate, decoded, with its PEM',
    description:
      'Subject, issuer, SANs, serial, SHA-256 fingerprint, validity and status (valid, expired, revoked with reason, when and by whom), read from the certificate itself; pem is the certificate (never a key).',
    success: {
      status: 200,
      description:
        '{"serial_number","client_id","subject","issuer","subject_alt_names","fingerprint_sha256","not_before","not_after","status",…,"pem"}',
    },
    errors: ['INVALID_SERIAL_NUMBER', 'CERTIFICATE_NOT_FOUND'],
  })
  @Get(':serial')
  get(@Param('serial') serial: string): Promise<CertificateDocument> {
    return this.queries.execute(new GetCertificateQuery(readSerialNumberParam(serial)));
  }
}
