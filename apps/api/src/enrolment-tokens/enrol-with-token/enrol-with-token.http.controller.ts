import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { CLIENT_ERRORS } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Public } from '../../auth/access.decorators';
import { TOKEN_ENROLMENT_REFUSALS, withTokenChallenge } from '../token-refusal';
import { presentedToken } from '../presented-token';
import { EnrolWithTokenCommand } from './enrol-with-token.command';
import { TokenEnrolledClient } from './enrol-with-token.handler';

@ApiTags('enrolment-tokens')
@Public()
@Controller()
export class EnrolWithTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('enrol')
  @ApiOperation({
    summary: 'Enrol a device with an enrolment token',
    description:
      'Authorization: Bearer <enrolment token> (or HTTP Basic with the token as the password); body {"name"?,"csr","validity"?}. validity (15m, 24h, 90d) may shorten the token\'s, never lengthen it. The CSR is required (the server never makes the key). name may be left out when the token fixes it; ' +
      'with a namePattern it must be a name the pattern stands for. Every answer leaves no sooner than CERTPLANE_ENROLMENT_MIN_ANSWER_MS. ' +
      'The device then reads its certificate from GET /informationservice/details/{url}.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['csr'],
      properties: {
        name: { type: 'string' },
        csr: {
          type: 'string',
          description: "PEM PKCS#10, of a key type the token's profile takes (EC P-256 under the default)",
        },
        validity: { type: 'string', example: '24h' },
      },
    },
  })
  @ApiResponse({
    status: 201,
    description: 'enrolled: {"id","name","url"}; url is the details secret, shown only here',
  })
  @ApiErrors(
    ...CLIENT_ERRORS.body,
    'INVALID_CSR',
    'INVALID_VALIDITY',
    ...TOKEN_ENROLMENT_REFUSALS,
    ...CLIENT_ERRORS.identity,
    'INVALID_TOPICS',
    'UNKNOWN_TOPIC',
    'CONCURRENCY_CONFLICT',
  )
  async enrol(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { name, csr, validity } = readBody(body, ['name', 'csr', 'validity'] as const);
    const enrolled = await this.commands
      .execute<EnrolWithTokenCommand, TokenEnrolledClient>(
        new EnrolWithTokenCommand(presentedToken(authorization), { name, csr, validity }, requestContext(req)),
      )
      .catch(withTokenChallenge('Bearer'));
    res.status(201).header('Location', `/clients/${enrolled.clientId}`);
    return { id: enrolled.clientId, name: enrolled.name, url: enrolled.detailsSecret };
  }
}
