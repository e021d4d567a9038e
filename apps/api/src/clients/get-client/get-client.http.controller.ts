import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { readTimestamp } from '../../http/query-values';
import { readQuery } from '../../http/query-params';
import { assertClientIdParam } from '../client-id-param';
import { ClientView } from '../client-view';
import { GetClientQuery } from './get-client.query';
import { MemberMay, OwnClient, Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
@OwnClient('id')
export class GetClientHttpController {
  constructor(private readonly queries: QueryBus) {}

  /** `?at=<RFC 3339>`: the client as it was at that moment, rebuilt from its events. */
  @ClientRoute({
    summary: 'Get a client, now or at a moment',
    description:
      "Folded from the client's events. With ?at=<RFC 3339> the client as it was then (status, tags, newest certificate and its status then), removed clients included.",
    success: { status: 200, description: 'the client' },
    errors: [...CLIENT_ERRORS.query, 'CLIENT_NOT_FOUND'],
  })
  @Get(':id')
  @MemberMay('view')
  get(@Param('id') id: string, @Query() query: unknown): Promise<ClientView> {
    const { at } = readQuery(query, ['at'] as const);
    return this.queries.execute(
      new GetClientQuery(assertClientIdParam(id), at === undefined ? undefined : readTimestamp(at, 'at')),
    );
  }
}
