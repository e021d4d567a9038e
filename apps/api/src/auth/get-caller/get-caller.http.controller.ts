import { Controller, Get, Req } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../access.decorators';
import { Principal } from '../principal';
import type { Caller } from '@certplane/api-contract';

/** Who the bearer of a token is to certplane, so a front end offers only what the caller's roles may do. */
@Controller('whoami')
@Roles('operator')
export class GetCallerHttpController {
  @ClientRoute({
    tag: 'console',
    summary: 'The caller',
    description:
      'The actor events record for this caller (token:<name>, oidc:<subject>), how it authenticated and its roles; never the token.',
    success: { status: 200, description: '{"actor","method","roles"}' },
    errors: [],
  })
  @Get()
  whoami(@Req() req: FastifyRequest): Caller {
    const { actor, method, roles } = req.principal as Principal;
    return { actor, method, roles: [...roles] };
  }
}
