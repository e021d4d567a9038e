import { Body, Controller, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { CreateEnrolmentTokenCommand } from './create-enrolment-token.command';
import { CreatedEnrolmentToken } from './create-enrolment-token.handler';

const FIELDS = [
  'name',
  'namePattern',
  'ip',
  'hostname',
  'tags',
  'metadata',
  'topics',
  'validity',
  'profile',
  'ttl',
  'uses',
] as const;

@Controller('enrolment-tokens')
@Roles('operator')
export class CreateEnrolmentTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'enrolment-tokens',
    summary: 'Create an enrolment token',
    description:
      'Body {"name"|"namePattern","ip"?|"hostname"?,"tags"?,"metadata"?,"topics"?,"validity"?,"profile"?,"ttl"?,"uses"?}: what a device that presents the token may enrol as. ' +
      'profile names the certificate profile of the clients it enrols (default: the built-in one); an EST label must name the same. ' +
      'validity a duration (15m, 24h, 90d) from 5m to CERTPLANE_CERT_VALIDITY (default: that), ttl in seconds (60-2592000, default 3600), uses 1-1000 (default 1). Answers the token once, in `token`; certplane keeps only its SHA-256.',
    success: {
      status: 201,
      description: 'the token: id, what it allows, uses, usesLeft, expires, status, created and token',
    },
    errors: [
      ...CLIENT_ERRORS.body,
      ...CLIENT_ERRORS.identity.filter(
        (c) => !['CLIENT_ALREADY_EXISTS', 'DUPLICATE_IP', 'DUPLICATE_HOSTNAME'].includes(c),
      ),
      'INVALID_NAME_PATTERN',
      'INVALID_TOPICS',
      'UNKNOWN_TOPIC',
      'INVALID_VALIDITY',
      'UNKNOWN_PROFILE',
      'SAN_KIND_NOT_ALLOWED',
      'TOO_MANY_SANS',
      'SAN_PATTERN_MISMATCH',
      'INVALID_TTL',
      'INVALID_USES',
    ],
  })
  @Post()
  create(@Body() body: unknown, @Req() req: FastifyRequest): Promise<CreatedEnrolmentToken> {
    return this.commands.execute(new CreateEnrolmentTokenCommand(readBody(body, FIELDS), requestContext(req)));
  }
}
