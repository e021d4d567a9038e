import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import '../auth/principal';

/** What a command needs to know about who asked, carried into event metadata. */
export interface RequestContext {
  correlationId: string;
  requestId: string;
  /** Who asked: the authenticated principal's actor (token name, OIDC subject, client certificate). */
  actor?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    certplane?: RequestContext;
  }
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const saneHeader = (req: Request, name: string) => {
  const given = req.header(name);
  return given && SANE_ID.test(given) ? given : undefined;
};

/**
 * Takes the caller's X-Request-Id (often set by an ingress) and X-Correlation-Id when they are
 * sane, otherwise mints the request id and uses it as the correlation id too; both are echoed
 * on the answer.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = saneHeader(req, 'x-request-id') ?? randomUUID();
  const correlationId = saneHeader(req, 'x-correlation-id') ?? requestId;
  req.certplane = { correlationId, requestId };
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('X-Correlation-Id', correlationId);
  next();
}

export function requestContext(req: Request): RequestContext {
  const ids = req.certplane ?? mintedIds();
  return req.principal ? { ...ids, actor: req.principal.actor } : ids;
}

function mintedIds(): RequestContext {
  const requestId = randomUUID();
  return { correlationId: requestId, requestId };
}
