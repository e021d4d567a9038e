import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestHandler } from 'express';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { currentTrace } from '../trace-context';

// Probes and scrapes come every few seconds; they are logged only at debug.
// The details path carries the client's details secret, the only credential for its private key.
const DETAILS_SECRET_IN_PATH = /^(\/informationservice\/details\/)[^/?#]*/;

export function redactUrl(url: string): string {
  return url.replace(DETAILS_SECRET_IN_PATH, '$1[redacted]');
}
const QUIET_PATHS = /^\/(health(\/ready)?|metrics)(\?|$)/;

/**
 * One JSON line per request (pino-http): method, path, status, time taken, and the request and
 * correlation ids from the trace context. Headers and bodies are never logged: they carry the
 * bearer token and the keys and CSRs clients send or fetch.
 */
export function requestLoggingMiddleware(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: () => currentTrace()?.requestId ?? randomUUID(),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) => {
      if (err || res.statusCode >= 500) return 'error';
      return QUIET_PATHS.test(req.url ?? '') ? 'debug' : 'info';
    },
  }) as unknown as RequestHandler;
}
