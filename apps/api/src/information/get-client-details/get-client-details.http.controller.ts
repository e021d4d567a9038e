import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { CLIENT_DETAILS_DESCRIPTION, ClientDetailsResponseSchema } from '../../openapi/schemas/client-details.schema';
import { GetClientDetailsQuery } from './get-client-details.query';
import { OwnClient, Public } from '../../auth/access.decorators';

/** No bearer token here: the unguessable client id is the credential, as in the product users migrate from. */
@ApiTags('information')
@Public()
@OwnClient('id', 'detailsSecret')
@Controller('informationservice')
export class GetClientDetailsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('details/:id')
  @ApiOperation({
    summary: "A client's certificate, key and endpoints",
    description:
      'No token: the details secret is the credential (a client certificate caller may read only its own). Right after enrol the certificate may still be on its way; details then waits up ' +
      'to CERTPLANE_DETAILS_WAIT_MS and answers as soon as it is there, or 503 CERTIFICATE_PENDING. Removed and unknown ids are 404 at once; a disabled client 409 CLIENT_DISABLED; ' +
      'a certificate revoked with none being issued in its place (revoked by an operator or the client) 409 NO_VALID_CERTIFICATE at once.',
  })
  @ApiParam({
    name: 'id',
    description: 'the details secret enrol answered with (url); not the client id, which is derived from it one way',
    example: 'd0c8ae0ae920f4ed78b2b8725dffdb74',
  })
  @ApiOkResponse({
    description: `the client's credentials. ${CLIENT_DETAILS_DESCRIPTION}`,
    type: ClientDetailsResponseSchema,
  })
  @ApiErrors('FORBIDDEN', 'CLIENT_NOT_FOUND', 'CLIENT_DISABLED', 'NO_VALID_CERTIFICATE', 'CERTIFICATE_PENDING')
  details(@Param('id') id: string) {
    return this.queries.execute(new GetClientDetailsQuery(id));
  }
}
