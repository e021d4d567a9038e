import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../client-api-docs';
import { assertClientIdParam } from '../client-id-param';
import { CertificateView } from '../client-view';
import { ListClientCertificatesQuery } from './list-client-certificates.query';
import { MemberMay, Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class ListClientCertificatesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @ClientRoute({
    summary: 'List the certificates a client ever held',
    description:
      'Oldest first, with serial, validity, status (valid, revoked with reason and time, expired) and where the key lives.',
    success: { status: 200, description: '{"items":[certificate…]}' },
    errors: ['CLIENT_NOT_FOUND'],
  })
  @Get(':id/certificates')
  @MemberMay('view')
  list(@Param('id') id: string): Promise<{ items: CertificateView[] }> {
    return this.queries.execute(new ListClientCertificatesQuery(assertClientIdParam(id)));
  }
}
