import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import accepts from 'accepts';
import etag from 'etag';
import { FastifyRequest, FastifyReply } from 'fastify';
import fresh from 'fresh';
import { crlToPem } from '@certplane/pki';
import { StoredCrl } from '@certplane/vault';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { MEDIA_TYPES } from '../pki-media-types';
import { GetCrlQuery } from './get-crl.query';
import { Public } from '../../auth/access.decorators';
import { assertIssuerIdParam } from '../../issuers/issuer-id-param';

/** No bearer token: relying parties fetch the CRL, and it is signed. DER unless the caller asks for PEM. */
@ApiTags('pki')
@Public()
@Controller('pki')
export class GetCrlHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('crl')
  @ApiOperation({
    summary: 'The certificate revocation list',
    description:
      'A v2 CRL signed by the active issuer listing every revoked certificate of that issuer that has not expired, with its revocation time and reason. ' +
      'Signed again on the first fetch after the revoked set changes; the CRL number only grows. nextUpdate is CERTPLANE_CRL_VALIDITY_HOURS ' +
      'after thisUpdate. DER unless Accept asks for application/x-pem-file.',
  })
  @ApiOkResponse({
    description: 'the CRL, DER or PEM',
    content: {
      [MEDIA_TYPES.crl]: { schema: { type: 'string', format: 'binary' } },
      [MEDIA_TYPES.pem]: { schema: { type: 'string' } },
    },
  })
  @ApiErrors()
  async crl(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.send(req, res, new GetCrlQuery());
  }

  @Get('issuers/:id/crl')
  @ApiOperation({
    summary: "An issuer's certificate revocation list",
    description:
      "As /pki/crl (which is the active issuer's), signed by the issuer named: a superseded issuer signs its CRL for its own " +
      'certificates until the last of them expires, then retires (410). 503 while its key cannot be opened.',
  })
  @ApiOkResponse({
    description: 'the CRL, DER or PEM',
    content: {
      [MEDIA_TYPES.crl]: { schema: { type: 'string', format: 'binary' } },
      [MEDIA_TYPES.pem]: { schema: { type: 'string' } },
    },
  })
  @ApiErrors('ISSUER_NOT_FOUND', 'ISSUER_RETIRED', 'ISSUER_KEY_UNAVAILABLE')
  async issuerCrl(@Param('id') id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.send(req, res, new GetCrlQuery(assertIssuerIdParam(id)));
  }

  private async send(req: FastifyRequest, res: FastifyReply, query: GetCrlQuery): Promise<void> {
    const crl = await this.queries.execute<GetCrlQuery, StoredCrl>(query);
    const pem = accepts(req.raw).type([MEDIA_TYPES.crl, MEDIA_TYPES.pem]) === MEDIA_TYPES.pem;
    const body = pem ? crlToPem(crl.der) : Buffer.from(crl.der);
    const headers = {
      'Last-Modified': crl.thisUpdate.toUTCString(),
      // The CRL changes with each revocation, so caches revalidate: a matching ETag or date gets 304.
      'Cache-Control': 'no-cache',
      Vary: 'Accept',
      ETag: etag(body, { weak: true }),
    };
    void res.headers(headers);
    if (fresh(req.headers, { etag: headers.ETag, 'last-modified': headers['Last-Modified'] }))
      return void res.status(304).send();
    void res.type(pem ? MEDIA_TYPES.pem : MEDIA_TYPES.crl).send(body);
  }
}
