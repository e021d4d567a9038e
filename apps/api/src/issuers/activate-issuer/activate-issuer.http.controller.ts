import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { requestContext } from '../../http/request-context';
import { ISSUER_ID_ERRORS, IssuerView } from '../issuer-view';
import { ActivateIssuerCommand } from './activate-issuer.command';
import { assertIssuerIdParam } from '../issuer-id-param';

/** Admin only (no @Roles). */
@Controller('pki/issuers')
export class ActivateIssuerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/activate')
  @HttpCode(200)
  @ClientRoute({
    tag: 'pki',
    summary: 'Activate an issuer',
    description:
      'The issuer signs every new certificate from now on (renewals move clients to it); the one active before is superseded and ' +
      'still answers OCSP and signs its CRL (/pki/issuers/{id}/crl) for its own certificates until the last of them expires, then ' +
      'retires. Activating the active issuer changes nothing; a retired one cannot be activated.',
    success: { status: 200, description: 'the issuer' },
    errors: [...ISSUER_ID_ERRORS, 'ISSUER_NOT_READY', 'ISSUER_EXPIRED', 'ISSUER_RETIRED', 'CONCURRENCY_CONFLICT'],
  })
  activate(@Param('id') id: string, @Req() req: FastifyRequest): Promise<IssuerView> {
    return this.commands.execute(new ActivateIssuerCommand(assertIssuerIdParam(id), requestContext(req)));
  }
}
