import { randomUUID } from 'node:crypto';
import { FastifyReply, FastifyRequest } from 'fastify';
import '../auth/principal';

/** What a command needs to know about who asked, carried into event metadata. */
export interface RequestContext {
  correlationId: string;
  requestId: string;
  /** Who asked: the authenticated principal's actor (token name, OIDC subject, client certificate). */
  actor?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    certplane?: RequestContext;
  }
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const saneHeader = (req: FastifyRequest, name: string) => {
  const given = req.headers[name];
  return typeof given === 'string' && SANE_ID.test(given) ? given : undefined;
};

/**
 * Takes the caller's X-Request-Id (often set by an ingress) and X-Correlation-Id when they are
 * sane, otherwise mints the request id and uses it as the correlation id too; both are echoed
 * on the answer.
 */
export function takeRequestContext(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const requestId = saneHeader(req, 'x-request-id') ?? randomUUID();
  const correlationId = saneHeader(req, 'x-correlation-id') ?? requestId;
  req.certplane = { correlationId, requestId };
  reply.raw.setHeader('X-Request-Id', requestId);
  reply.raw.setHeader('X-Correlation-Id', correlationId);
  done();
}

export function requestContext(req: FastifyRequest): RequestContext {
  const ids = req.certplane ?? mintedIds();
  return req.principal ? { ...ids, actor: req.principal.actor } : ids;
}

function mintedIds(): RequestContext {
  const requestId = randomUUID();
  return { correlationId: requestId, requestId };
}
