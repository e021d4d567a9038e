import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ClientRoute } from '../../clients/client-api-docs';
import { readQuery } from '../../http/query-params';
import { IssuerView } from '../issuer-view';
import { ListIssuersQuery } from './list-issuers.query';
import { Roles } from '../../auth/access.decorators';

@Controller('pki/issuers')
@Roles('operator')
export class ListIssuersHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ClientRoute({
    tag: 'pki',
    summary: 'List the issuers',
    description:
      'Every issuer, oldest first: id, kind (existing, root, intermediate), status (pending, ready, active, superseded, retired, expired), ' +
      'not_after and chain (PEM). The active one signs new certificates; a superseded one still answers OCSP and signs CRLs for its own.',
    success: { status: 200, description: 'an array of issuers' },
    errors: ['UNKNOWN_QUERY_PARAMETER'],
  })
  list(@Query() query: unknown): Promise<IssuerView[]> {
    readQuery(query, [] as const);
    return this.queries.execute(new ListIssuersQuery());
  }
}
