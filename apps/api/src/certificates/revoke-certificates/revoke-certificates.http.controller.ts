import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { readRevocationFilter } from './revocation-filter';
import { BulkRevocation } from './revoke-certificates.handler';
import { RevokeCertificatesCommand } from './revoke-certificates.command';

@Controller('certificates')
@Roles('operator')
export class RevokeCertificatesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    tag: 'certificates',
    summary: 'Revoke the certificates a filter matches',
    description:
      'Body {"reason","filter":{"client"?,"tag"?,"issuedBefore"?}} (at least one criterion): the valid certificates matching all criteria, oldest first, ' +
      'at most CERTPLANE_MAX_REVOCATIONS_PER_CALL (default 500) per call, each its own CertificateRevoked. Already revoked ones are skipped, not errors; more: true says to call again. ' +
      'It answers once the revocations show in the inventory, CRL and OCSP (or 503 READ_MODEL_PENDING: they are recorded, call again).',
    success: { status: 200, description: '{"revoked","skipped","more"}' },
    errors: [
      ...CLIENT_ERRORS.body,
      'INVALID_REVOCATION_REASON',
      'INVALID_FILTER',
      'CONCURRENCY_CONFLICT',
      'READ_MODEL_PENDING',
    ],
  })
  @Post('revoke')
  @HttpCode(200)
  revoke(@Body() body: unknown, @Req() req: FastifyRequest): Promise<BulkRevocation> {
    const { reason, filter } = readBody(body ?? {}, ['reason', 'filter'] as const);
    return this.commands.execute(
      new RevokeCertificatesCommand(readRevocationFilter(filter), reason, requestContext(req)),
    );
  }
}
