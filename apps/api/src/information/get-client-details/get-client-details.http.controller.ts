import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetClientDetailsQuery } from './get-client-details.query';

/** No bearer token here: the unguessable client id is the credential, as in the product users migrate from. */
@Controller('informationservice')
export class GetClientDetailsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('details/:id')
  details(@Param('id') id: string) {
    return this.queries.execute(new GetClientDetailsQuery(id));
  }
}
