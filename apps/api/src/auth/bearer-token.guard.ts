import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { ResolvedSecrets } from '@certplane/config';
import { SECRETS } from '@certplane/platform';
import { ApiError } from '../http/api-error';

/**
 * Static bearer token. Both sides are hashed before comparing so the comparison takes the same
 * time whatever the length or content of a wrong token.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SECRETS) secrets: ResolvedSecrets) {
    this.expected = digest(secrets.apiToken ?? '');
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    // Already authenticated (a client certificate); roles are not checked here yet.
    if (req.principal) {
      if (req.certplane) req.certplane.actor = req.principal.actor;
      return true;
    }
    const match = /^Bearer ([^\s]+)$/i.exec(req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]), this.expected) || this.expected.equals(digest(''))) {
      throw new ApiError(401, 'UNAUTHORIZED', 'a valid bearer token is required', { 'WWW-Authenticate': 'Bearer' });
    }
    if (req.certplane) req.certplane.actor = 'token:static';
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
