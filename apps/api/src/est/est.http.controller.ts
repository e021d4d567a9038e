import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ProfileCatalogue } from '@certplane/event-store';
import { certsOnlyPkcs7, csrCommonName, encodeEstBase64, estCsrAttributes } from '@certplane/pki';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { Public } from '../auth/access.decorators';
import { requestContext } from '../http/request-context';
import { EnrolWithTokenCommand } from '../enrolment-tokens/enrol-with-token/enrol-with-token.command';
import { TokenEnrolledClient } from '../enrolment-tokens/enrol-with-token/enrol-with-token.handler';
import { TOKEN_ENROLMENT_REFUSALS, withTokenChallenge } from '../enrolment-tokens/token-refusal';
import { GetClientDetailsQuery } from '../information/get-client-details/get-client-details.query';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';
import { GetCaChainQuery } from '../pki/get-ca-chain/get-ca-chain.query';
import { CertificateInput } from '../clients/certificate-input';
import { RenewCertificateCommand } from '../clients/renew-certificate/renew-certificate.command';
import { RenewalLimited } from '../abuse/renewal-limited.decorator';
import { ClientCertificateRequiredError } from './client-certificate-required.error';
import { ReenrolledCertificate } from './reenrolled-certificate';
import { EST_CHALLENGE } from './est-credentials';
import { presentedToken } from '../enrolment-tokens/presented-token';
import { EST_MEDIA_TYPES } from './est-media-types';

const SIMPLEENROLL_ERRORS = [
  'INVALID_BASE64',
  'INVALID_CSR',
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  ...TOKEN_ENROLMENT_REFUSALS,
  'CLIENT_ALREADY_EXISTS',
  'DUPLICATE_IP',
  'DUPLICATE_HOSTNAME',
  'CONCURRENCY_CONFLICT',
] as const;

const SIMPLEREENROLL_ERRORS = [
  'CLIENT_CERTIFICATE_REQUIRED',
  'CERTIFICATE_REJECTED',
  'INVALID_BASE64',
  'INVALID_CSR',
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'KEY_TYPE_NOT_ALLOWED',
  'CLIENT_DISABLED',
  'CERTIFICATE_LIMIT_REACHED',
  'CONCURRENCY_CONFLICT',
] as const;

/** A new certificate, or 202 while it is not issued yet: simpleenroll and simplereenroll alike. */
const CertificateAnswers = () =>
  applyDecorators(
    ApiResponse({
      status: 200,
      description: 'application/pkcs7-mime; smime-type=certs-only, base64: the new certificate',
    }),
    ApiResponse({
      status: 202,
      description:
        'accepted, the certificate is not issued yet: send the same request (same CSR) again after Retry-After seconds; it answers the certificate, with no second enrolment or renewal',
    }),
  );

/**
 * EST (RFC 7030) for devices with an enrolment token: the same enrolment as POST /enrol, in EST's
 * wire formats (base64 DER bodies), with the certificate in the answer rather than behind details.
 * A label (`/.well-known/est/<label>/...`, RFC 7030 3.2.2) names a certificate profile; an unknown
 * one is 404 PROFILE_NOT_FOUND before anything else is looked at.
 */
@ApiTags('est')
@Public()
@Controller('.well-known/est')
export class EstHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly certificates: CertificateInput,
    private readonly reenrolled: ReenrolledCertificate,
    private readonly labels: ProfileCatalogue,
  ) {}

  @Get('cacerts')
  @ApiOperation({ summary: 'EST cacerts', description: 'The CA chain as a certs-only PKCS#7, base64 (RFC 7030 4.1).' })
  @ApiResponse({ status: 200, description: 'application/pkcs7-mime; smime-type=certs-only, base64' })
  @ApiErrors()
  async cacerts(@Res() res: FastifyReply): Promise<void> {
    send(
      res,
      EST_MEDIA_TYPES.certsOnly,
      certsOnlyPkcs7(splitPem(await this.queries.execute<GetCaChainQuery, string>(new GetCaChainQuery()))),
    );
  }

  @Get(':label/cacerts')
  @ApiOperation({
    summary: 'EST cacerts under a label',
    description:
      'As cacerts; the label (RFC 7030 3.2.2) names a certificate profile, whose certificates the same CA signs.',
  })
  @ApiResponse({ status: 200, description: 'application/pkcs7-mime; smime-type=certs-only, base64' })
  @ApiErrors('PROFILE_NOT_FOUND')
  async labelledCacerts(@Param('label') label: string, @Res() res: FastifyReply): Promise<void> {
    await this.labels.resolveLabel(label);
    return this.cacerts(res);
  }

  @Get('csrattrs')
  @ApiOperation({
    summary: 'EST csrattrs',
    description: 'What a CSR must be: an EC P-256 key, signed with ecdsa-with-SHA256 (RFC 7030 4.5).',
  })
  @ApiResponse({ status: 200, description: 'application/csrattrs, base64' })
  @ApiErrors()
  csrattrs(@Res() res: FastifyReply): void {
    send(res, EST_MEDIA_TYPES.csrAttrs, estCsrAttributes());
  }

  @Get(':label/csrattrs')
  @ApiOperation({
    summary: 'EST csrattrs under a label',
    description:
      "What a CSR under the label's certificate profile should be: a key of the profile's first key type and its signature (RFC 7030 4.5). The profile's other key types are taken too.",
  })
  @ApiResponse({ status: 200, description: 'application/csrattrs, base64' })
  @ApiErrors('PROFILE_NOT_FOUND')
  async labelledCsrattrs(@Param('label') label: string, @Res() res: FastifyReply): Promise<void> {
    const { profile } = await this.labels.resolveLabel(label);
    send(res, EST_MEDIA_TYPES.csrAttrs, estCsrAttributes(profile.keyTypes[0]));
  }

  @Post('simpleenroll')
  @HttpCode(200)
  @ApiOperation({
    summary: 'EST simpleenroll with an enrolment token',
    description:
      'Body: base64 of the PKCS#10 DER (application/pkcs10). The enrolment token is the HTTP Basic password (any username) or the Bearer token. ' +
      "The client's name is the CSR subject's CN (may be absent when the token fixes the name). Answers the certificate as a certs-only PKCS#7, base64 (RFC 7030 4.2).",
  })
  @CertificateAnswers()
  @ApiErrors(...SIMPLEENROLL_ERRORS)
  simpleenroll(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.enroll(authorization, body, req, res);
  }

  @Post(':label/simpleenroll')
  @HttpCode(200)
  @ApiOperation({
    summary: 'EST simpleenroll under a label',
    description:
      'As simpleenroll; the label (RFC 7030 3.2.2) names the certificate profile to enrol under, which must be the one the token names ' +
      '(the built-in `default` for a token that names none): a device cannot choose another profile than its token grants.',
  })
  @ApiResponse({
    status: 200,
    description: 'application/pkcs7-mime; smime-type=certs-only, base64: the new certificate',
  })
  @ApiResponse({ status: 202, description: 'accepted, not issued yet: as simpleenroll' })
  @ApiErrors(...SIMPLEENROLL_ERRORS, 'PROFILE_NOT_FOUND')
  async labelledSimpleenroll(
    @Param('label') label: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.enroll(authorization, body, req, res, (await this.labels.resolveLabel(label)).name);
  }

  private async enroll(
    authorization: string | undefined,
    body: unknown,
    req: FastifyRequest,
    res: FastifyReply,
    profile?: string,
  ): Promise<void> {
    const csr = await this.certificates.estCsr(body);
    const enrolled = await this.commands
      .execute<EnrolWithTokenCommand, TokenEnrolledClient>(
        new EnrolWithTokenCommand(
          presentedToken(authorization),
          { name: commonNameOf(csr), csr },
          requestContext(req),
          true,
          profile,
        ),
      )
      .catch(withTokenChallenge(EST_CHALLENGE));
    await sendCertificate(
      res,
      async () =>
        (
          await this.queries.execute<GetClientDetailsQuery, { cert: string }>(
            new GetClientDetailsQuery(enrolled.detailsSecret),
          )
        ).cert,
    );
  }

  @Post('simplereenroll')
  @HttpCode(200)
  @RenewalLimited()
  @ApiOperation({
    summary: 'EST simplereenroll with the current client certificate',
    description:
      "Over TLS with the client's current certplane certificate (no token). Body: base64 of a PKCS#10 DER for the key to certify (the same key or a new one). " +
      'The same client gets a new certificate, its name and SAN as they are; the certificate that asked is revoked as superseded with it (RFC 7030 4.2.2).',
  })
  @CertificateAnswers()
  @ApiErrors(...SIMPLEREENROLL_ERRORS)
  simplereenroll(@Body() body: unknown, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.reenroll(body, req, res);
  }

  @Post(':label/simplereenroll')
  @HttpCode(200)
  @RenewalLimited()
  @ApiOperation({
    summary: 'EST simplereenroll under a label',
    description:
      "As simplereenroll; the label names a certificate profile, which must be the client's own (a renewal keeps the client's profile).",
  })
  @ApiResponse({
    status: 200,
    description: 'application/pkcs7-mime; smime-type=certs-only, base64: the new certificate',
  })
  @ApiResponse({ status: 202, description: 'accepted, not issued yet: as simplereenroll' })
  @ApiErrors(...SIMPLEREENROLL_ERRORS, 'PROFILE_NOT_FOUND', 'PROFILE_MISMATCH')
  async labelledSimplereenroll(
    @Param('label') label: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.reenroll(body, req, res, (await this.labels.resolveLabel(label)).name);
  }

  private async reenroll(body: unknown, req: FastifyRequest, res: FastifyReply, profile?: string): Promise<void> {
    const { principal, supersededCertificate } = req;
    if (supersededCertificate) {
      const csr = await this.certificates.estCsr(body);
      return sendCertificate(res, () => this.reenrolled.repeated(supersededCertificate, csr));
    }
    if (principal?.method !== 'certificate' || !principal.clientId || !principal.serialNumber)
      throw new ClientCertificateRequiredError();
    const csr = await this.certificates.estCsr(body);
    await this.commands.execute(
      new RenewCertificateCommand(principal.clientId, { csr }, requestContext(req), principal.serialNumber, profile),
    );
    await sendCertificate(res, () => this.reenrolled.replacing(principal.clientId!, principal.serialNumber!));
  }
}

/**
 * The certificate as a certs-only PKCS#7, or, while it is still being issued, 202 with Retry-After
 * (RFC 7030 4.2.3): the same request again later answers it, without a second enrolment or renewal.
 */
async function sendCertificate(res: FastifyReply, certificate: () => Promise<string>): Promise<void> {
  try {
    send(res, EST_MEDIA_TYPES.certsOnly, certsOnlyPkcs7([await certificate()]));
  } catch (e) {
    if (!(e instanceof CertificatePendingError)) throw e;
    void res.status(202).headers(e.headers).send();
  }
}

function send(res: FastifyReply, type: string, der: Uint8Array): void {
  // A Buffer, so no charset is added to the RFC 7030 media type.
  void res
    .status(200)
    .header('Content-Type', type)
    .header('Content-Transfer-Encoding', 'base64')
    .send(Buffer.from(encodeEstBase64(der), 'latin1'));
}

/** The PEM certificates of a chain, in order. */
function splitPem(chain: string): string[] {
  return chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** The name the device asks for; a CSR that does not parse is refused as INVALID_CSR by the enrolment itself. */
function commonNameOf(csrPem: string): string | undefined {
  try {
    return csrCommonName(csrPem);
  } catch {
    return undefined;
  }
}
