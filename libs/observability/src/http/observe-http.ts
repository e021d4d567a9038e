import { INestApplication } from '@nestjs/common';
import { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Logger } from 'pino';
import { CertplaneMetrics } from '../metrics/certplane-metrics';
import { runWithTrace, TraceContext } from '../trace-context';
import { httpMetricsHook } from './http-metrics.hook';
import { requestLoggingMiddleware } from './request-logging.middleware';

export interface ObserveHttpOptions {
  metrics: CertplaneMetrics;
  logger: Logger;
  /** The ids of a request, for its log lines and the events it appends; the api takes them from its headers. */
  traceOf?: (req: FastifyRequest) => TraceContext;
}

/** The same request logging and latency metrics on every certplane HTTP listener: the api's and the workers'. */
export function observeHttp(app: INestApplication, opts: ObserveHttpOptions): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  for (const hook of observationHooks(opts)) fastify.addHook('onRequest', hook);
}

/** The onRequest hooks observeHttp adds, in order: the trace context, the request log line, the latency metric. */
export function observationHooks(opts: ObserveHttpOptions): onRequestHookHandler[] {
  const { traceOf } = opts;
  const logRequest = requestLoggingMiddleware(opts.logger);
  const hooks: onRequestHookHandler[] = [
    (req, reply, done) => logRequest(req.raw, reply.raw, done),
    httpMetricsHook(opts.metrics.httpRequestDuration),
  ];
  if (traceOf) hooks.unshift((req, _reply, done) => runWithTrace(traceOf(req), done));
  return hooks;
}
