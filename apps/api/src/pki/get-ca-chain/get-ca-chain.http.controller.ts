import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { MEDIA_TYPES } from '../pki-media-types';
import { GetCaChainQuery } from './get-ca-chain.query';
import { Public } from '../../auth/access.decorators';

/** No bearer token: the CA certificate is public, and relying parties need it before they trust anything else. */
@ApiTags('pki')
@Public()
@Controller('pki')
export class GetCaChainHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('ca')
  @ApiOperation({
    summary: 'The trust bundle',
    description:
      'The chain of every issuer whose certificate has not expired (its certificate, then the certificates above it up to a root), the ' +
      "active issuer's first, in PEM: what relying parties trust to accept certplane's client certificates through a rotation of its " +
      'issuer, and what the CLI writes as cluster.crt.',
  })
  @ApiOkResponse({ description: 'the CA chain, PEM', content: { [MEDIA_TYPES.pem]: { schema: { type: 'string' } } } })
  @ApiErrors()
  async ca(@Res() res: FastifyReply): Promise<void> {
    const pem = await this.queries.execute<GetCaChainQuery, string>(new GetCaChainQuery());
    res.type(MEDIA_TYPES.pem).send(pem);
  }
}
