import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { MEDIA_TYPES } from '../pki-media-types';
import { GetIssuerCertificateQuery } from './get-issuer-certificate.query';
import { Public } from '../../auth/access.decorators';
import { assertIssuerIdParam } from '../../issuers/issuer-id-param';

/** No bearer token: relying parties follow a leaf's AIA caIssuers here to build its chain. */
@ApiTags('pki')
@Public()
@Controller('pki')
export class GetIssuerCertificateHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('issuers/:id/certificate')
  @ApiOperation({
    summary: "An issuer's certificate",
    description:
      'The issuer\'s own certificate, DER (RFC 5280 4.2.2.1): what the authority information access "CA Issuers" of its ' +
      'certificates names when CERTPLANE_CA_PUBLIC_URL is set. The certificates above it are in its chain (GET /pki/ca).',
  })
  @ApiOkResponse({
    description: 'the certificate, DER',
    content: { [MEDIA_TYPES.certificate]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors('ISSUER_NOT_FOUND')
  async certificate(@Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    const der = await this.queries.execute<GetIssuerCertificateQuery, Uint8Array>(
      new GetIssuerCertificateQuery(assertIssuerIdParam(id)),
    );
    void res.header('Cache-Control', 'public, max-age=86400').type(MEDIA_TYPES.certificate).send(Buffer.from(der));
  }
}
