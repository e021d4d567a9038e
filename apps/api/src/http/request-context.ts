import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

/** What a command needs to know about who asked, carried into event metadata. */
export interface RequestContext {
  correlationId: string;
  actor?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    certplane?: RequestContext;
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Takes the caller's X-Correlation-Id when it is sane, otherwise mints one; echoed on the answer. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  const correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
  req.certplane = { correlationId };
  res.setHeader('X-Correlation-Id', correlationId);
  next();
}

export function requestContext(req: Request): RequestContext {
  return req.certplane ?? { correlationId: randomUUID() };
}
