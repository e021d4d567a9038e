import { INestApplication } from '@nestjs/common';
import { FastifyInstance, FastifyRequest } from 'fastify';
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
  const { traceOf } = opts;
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  if (traceOf) fastify.addHook('onRequest', (req, _reply, done) => runWithTrace(traceOf(req), done));
  const logRequest = requestLoggingMiddleware(opts.logger);
  fastify.addHook('onRequest', (req, reply, done) => logRequest(req.raw, reply.raw, done));
  fastify.addHook('onRequest', httpMetricsHook(opts.metrics.httpRequestDuration));
}
