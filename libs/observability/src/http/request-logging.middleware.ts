import { IncomingMessage, ServerResponse } from 'node:http';
import { Level, Logger } from 'pino';
import { redactUrl } from './details-path';

// Probes and scrapes come every few seconds; they are logged only at debug.
const QUIET_PATHS = /^\/(health(\/ready)?|metrics)(\?|$)/;

const STARTED_AT = Symbol('certplane.requestStartedAt');
const LOGGER = Symbol('certplane.requestLogger');
type LoggedResponse = ServerResponse<IncomingMessage> & { [STARTED_AT]: number; [LOGGER]: Logger };

/**
 * One JSON line per request, once it is answered (or aborted): method, path, caller's address, status, time taken,
 * and the request and correlation ids from the trace context. Headers and bodies are never logged:
 * they carry the bearer token and the keys and CSRs clients send or fetch.
 *
 * The lines are those pino-http wrote ("request completed" / "request aborted" / "request errored",
 * `req`, `res`, `responseTime`, `err`). pino-http built a child logger per request, with the whole
 * request serialised into it (headers, query, params), even when the line was below the log level;
 * here nothing is built unless the line is written, and the listeners are shared, not made per request.
 */
export function requestLoggingMiddleware(
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (_req, res, next) => {
    const logged = res as unknown as LoggedResponse;
    logged[STARTED_AT] = Date.now();
    logged[LOGGER] = logger;
    res.on('close', onResponseDone);
    res.on('finish', onResponseDone);
    res.on('error', onResponseDone);
    next();
  };
}

function onResponseDone(this: LoggedResponse, err?: Error): void {
  this.removeListener('close', onResponseDone);
  this.removeListener('finish', onResponseDone);
  this.removeListener('error', onResponseDone);
  const req = this.req;
  const failed = err !== undefined || this.statusCode >= 500;
  const level: Level = failed ? 'error' : QUIET_PATHS.test(req.url ?? '') ? 'debug' : 'info';
  const logger = this[LOGGER];
  if (!logger.isLevelEnabled(level)) return;
  const fields = {
    // The caller as the listener saw it: behind a trusted proxy, the address its PROXY header named.
    req: { method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.socket?.remoteAddress },
    res: { statusCode: this.statusCode },
    responseTime: Date.now() - this[STARTED_AT],
  };
  if (failed) {
    // pino's err serializer turns the error into {type, message, stack}.
    logger[level](
      { ...fields, err: err ?? new Error(`failed with status code ${this.statusCode}`) },
      'request errored',
    );
    return;
  }
  logger[level](fields, !req.readableAborted && this.writableEnded ? 'request completed' : 'request aborted');
}
