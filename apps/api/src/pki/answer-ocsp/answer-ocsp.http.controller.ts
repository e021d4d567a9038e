import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { MEDIA_TYPES } from '../pki-media-types';
import { AnswerOcspQuery } from './answer-ocsp.query';
import { OcspHttpAnswer } from './answer-ocsp.handler';
import { getRequestDer } from './ocsp-request-reader';
import { Public } from '../../auth/access.decorators';

/**
 * RFC 6960 appendix A over HTTP, no bearer token: POST with the DER request as body, or GET with it
 * base64-encoded (then URL-encoded) as the last path segment. Every answer is an OCSPResponse, whose own
 * status says whether the request was understood; HTTP 200, but for tryLater when the issuer asked about
 * cannot sign (its key would not open): 503 with Retry-After, so monitoring sees it too.
 */
const OCSP_DESCRIPTION =
  'Answers good, revoked (with time and reason) or unknown for each certificate asked about, from the certificates read model, ' +
  'in an OCSPResponse signed by the CA (responder id by key hash) that echoes the nonce. Anything that is not an OCSP request gets ' +
  'the malformedRequest status, still HTTP 200. Certificates of a retired issuer get the unauthorized status (HTTP 200); ' +
  'those of an issuer whose key cannot be opened get tryLater, with HTTP 503 and Retry-After.';
const OCSP_RESPONSE = {
  description: 'an OCSPResponse (DER); its responseStatus tells whether the request was understood',
  content: { [MEDIA_TYPES.ocspResponse]: { schema: { type: 'string', format: 'binary' } } },
};

const RETRY_AFTER_SECONDS = 60;

@ApiTags('pki')
@Public()
@Controller('pki')
export class AnswerOcspHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Post('ocsp')
  @HttpCode(200) // for the OpenAPI document: the answer is written through @Res
  @ApiOperation({
    summary: 'OCSP responder (POST)',
    description: `${OCSP_DESCRIPTION} The body is the DER OCSPRequest.`,
  })
  @ApiConsumes(MEDIA_TYPES.ocspRequest)
  @ApiBody({ description: 'the DER OCSPRequest', schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse(OCSP_RESPONSE)
  @ApiErrors()
  async post(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    // ocspRequestReader (mounted in http-app) has read the body as bytes.
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    this.send(res, await this.answer(body), false);
  }

  // Base64 may contain "/", and clients do not always encode it, so the request is everything after the prefix.
  @Get('ocsp/*request')
  @ApiOperation({
    summary: 'OCSP responder (GET)',
    description: `${OCSP_DESCRIPTION} The request is the path after /pki/ocsp/; HTTP caches may keep the answer until its nextUpdate.`,
  })
  @ApiParam({ name: 'request', description: 'the DER OCSPRequest, base64 then URL-encoded (RFC 6960 A.1)' })
  @ApiOkResponse(OCSP_RESPONSE)
  @ApiErrors()
  async get(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    // ocspRequestReader has already answered a path that does not decode.
    this.send(res, await this.answer(getRequestDer(req.originalUrl) ?? new Uint8Array()), true);
  }

  private answer(request: Uint8Array): Promise<OcspHttpAnswer> {
    return this.queries.execute<AnswerOcspQuery, OcspHttpAnswer>(new AnswerOcspQuery(request));
  }

  private send(res: FastifyReply, answer: OcspHttpAnswer, cacheable: boolean): void {
    // RFC 5019 6.2: a GET answer may be cached until its nextUpdate; POST answers are not cached by HTTP caches anyway.
    if (cacheable && answer.nextUpdate) {
      const maxAge = Math.max(0, Math.floor((answer.nextUpdate.getTime() - Date.now()) / 1000));
      res.header('Cache-Control', `max-age=${maxAge}, public, no-transform, must-revalidate`);
    } else {
      res.header('Cache-Control', 'no-store');
    }
    if (answer.keyUnavailable) res.header('Retry-After', String(RETRY_AFTER_SECONDS));
    res
      .status(answer.keyUnavailable ? 503 : 200)
      .type(MEDIA_TYPES.ocspResponse)
      .send(Buffer.from(answer.response));
  }
}
