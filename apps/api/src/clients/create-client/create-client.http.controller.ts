import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FastifyRequest, FastifyReply } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { ClientView } from '../client-view';
import { EnrolClientCommand } from '../enrol-client/enrol-client.command';
import { EnrolledClient } from '../enrol-client/enrol-client.handler';
import { GetClientQuery } from '../get-client/get-client.query';
import { Roles } from '../../auth/access.decorators';

const FIELDS = [
  'name',
  'topics',
  'tags',
  'metadata',
  'ip',
  'hostname',
  'sans',
  'profile',
  'csr',
  'certificate',
  'validity',
] as const;

/** POST /clients: the spine's enrolment underneath, topics optional, answered with the client itself. */
@Controller('clients')
@Roles('operator')
export class CreateClientHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ClientRoute({
    summary: 'Create a client',
    description:
      'Body {"name","tags"?,"metadata"?,"topics"?,"ip"?|"hostname"?,"sans"?,"profile"?,"csr"?|"certificate"?,"validity"?}; sans is [{"type":"dns"|"ip"|"uri"|"email","value"}], held to the profile (docs/profiles.md). ' +
      "validity: how long each of its certificates is valid, a duration (15m, 24h, 90d) from 5m to the profile's maxValidity, else CERTPLANE_CERT_VALIDITY (default: the profile's validity, else CERTPLANE_CERT_VALIDITY). Without csr or certificate the cert-issuer makes a server key; " +
      "a csr keeps the key with the client; a certificate of the CA is registered, not issued. Answers the client, with Location: /clients/<id>, and url: the client's details secret (as enrol answers it), shown only here.",
    success: { status: 201, description: 'the client; its certificate is null until the cert-issuer has issued it' },
    errors: [
      ...CLIENT_ERRORS.body,
      ...CLIENT_ERRORS.identity,
      ...CLIENT_ERRORS.profile,
      'INVALID_TOPICS',
      'UNKNOWN_TOPIC',
      'INVALID_CSR',
      'INVALID_CERTIFICATE',
      'CERTIFICATE_ALREADY_REGISTERED',
      'INVALID_VALIDITY',
    ],
  })
  @Post()
  async create(
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ClientView & { url: string }> {
    const input = readBody(body, FIELDS);
    const { clientId, detailsSecret } = await this.commands.execute<EnrolClientCommand, EnrolledClient>(
      new EnrolClientCommand({ ...input, name: input.name }, requestContext(req), { topicsRequired: false }),
    );
    res.header('Location', `/clients/${clientId}`);
    const client: ClientView = await this.queries.execute(new GetClientQuery(clientId));
    // The details secret exists only in this answer: certplane keeps just the id derived from it.
    return { ...client, url: detailsSecret };
  }
}
