import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { isClientId } from '@certplane/domain';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { ApiError } from '../../http/api-error';
import { PageOf } from '../../http/query-page';
import { readChoice, readDuration, readPage, readTimestamp } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { InventoryItem } from './list-certificates.handler';
import { ListCertificatesQuery } from './list-certificates.query';
import { Roles } from '../../auth/access.decorators';

@Controller('certificates')
@Roles('operator')
export class ListCertificatesHttpController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * `?status=valid|revoked|expired`, `?expiringBefore=<RFC 3339>`, `?expiringWithin=<duration>`, `?client=<id>`,
   * `?sort=notAfter` (soonest expiry first, the default) or `-notAfter`; `limit` 1-100 (10), `offset`.
   */
  @ClientRoute({
    tag: 'certificates',
    summary: 'The certificate inventory',
    description:
      'Every certificate of every client with client, CN, SANs, serial, not_after and status. Filters: status, expiringBefore (RFC 3339), expiringWithin (a duration such as 30d: not yet expired, but by then), client; sort=notAfter (default) or -notAfter; limit 1-100, offset.',
    success: { status: 200, description: '{"items":[…],"total","limit","offset"}' },
    errors: [...CLIENT_ERRORS.query],
  })
  @Get()
  list(@Query() query: unknown): Promise<PageOf<InventoryItem>> {
    const q = readQuery(query, [
      'status',
      'expiringBefore',
      'expiringWithin',
      'client',
      'sort',
      'limit',
      'offset',
    ] as const);
    const filter = {
      status:
        q.status === undefined ? undefined : readChoice(q.status, 'status', ['valid', 'revoked', 'expired'] as const),
      expiringBefore: q.expiringBefore === undefined ? undefined : readTimestamp(q.expiringBefore, 'expiringBefore'),
      expiringWithin: q.expiringWithin === undefined ? undefined : readDuration(q.expiringWithin, 'expiringWithin'),
      clientId: q.client === undefined ? undefined : clientIdQuery(q.client),
      order:
        readChoice(q.sort ?? 'notAfter', 'sort', ['notAfter', '-notAfter'] as const) === '-notAfter'
          ? ('desc' as const)
          : ('asc' as const),
    };
    return this.queries.execute(new ListCertificatesQuery(filter, readPage(q)));
  }
}

/** A client filter that cannot be an id would match nothing; say so instead. */
function clientIdQuery(value: string): string {
  if (!isClientId(value))
    throw new ApiError(400, 'INVALID_QUERY', 'the query parameter client must be a client id (32 lowercase hex)');
  return value;
}
