import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CertificateNotFoundError } from '@certplane/domain';
import { Roles } from '../../auth/access.decorators';
import { ClientRoute } from '../../clients/client-api-docs';
import { PageOf } from '../../http/query-page';
import { InventoryItem } from '../list-certificates/list-certificates.handler';
import { ListCertificatesQuery } from '../list-certificates/list-certificates.query';
import { readSerialNumberParam } from '../serial-number-param';

@Controller('certificates')
@Roles('operator')
export class GetCertificateHttpController {
  constructor(private readonly queries: QueryBus) {}

  /** The inventory's item for one serial: the same query, so the one and the many never differ. */
  @ClientRoute({
    tag: 'certificates',
    summary: 'Get one certificate',
    description: 'The certificate with that serial (hex as openssl prints it, with or without colons) as the inventory shows it: client, CN, SANs, validity, status, revocation, fingerprint.',
    success: { status: 200, description: 'the certificate' },
    errors: ['INVALID_SERIAL_NUMBER', 'CERTIFICATE_NOT_FOUND'],
  })
  @Get(':serial')
  async get(@Param('serial') serial: string): Promise<InventoryItem> {
    const serialNumber = readSerialNumberParam(serial);
    const page: PageOf<InventoryItem> = await this.queries.execute(new ListCertificatesQuery({ serialNumber, order: 'asc' }, { limit: 1, offset: 0 }));
    if (page.items.length === 0) throw new CertificateNotFoundError(serialNumber);
    return page.items[0];
  }
}
