import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { IssuerView } from '../issuer-view';
import { CreateIssuerCommand } from './create-issuer.command';

/** Admin only (no @Roles): an issuer is a CA certplane's clients will trust. */
@Controller('pki/issuers')
export class CreateIssuerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ClientRoute({
    tag: 'pki',
    summary: 'Create an issuer',
    description:
      'Body {"kind":"root"} (or {}): a new key, in the HSM when CERTPLANE_CA_PKCS11_MODULE is set, else sealed in Postgres, and a ' +
      'self-signed root for it; it joins the trust bundle (/pki/ca) at once and signs nothing until activated. ' +
      '{"kind":"intermediate"}: the key and a CSR (csr) for an operator\'s root to sign; PUT /pki/issuers/{id}/certificate installs the answer.',
    success: { status: 201, description: 'the issuer' },
    errors: [...CLIENT_ERRORS.body, 'INVALID_ISSUER_KIND'],
  })
  create(@Body() body: unknown, @Req() req: FastifyRequest): Promise<IssuerView> {
    const { kind } = readBody(body ?? {}, ['kind'] as const);
    return this.commands.execute(new CreateIssuerCommand(kind, requestContext(req)));
  }
}
