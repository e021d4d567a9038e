import { INestApplication } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { CertplaneMetrics } from '../metrics/certplane-metrics';
import { runWithTrace, TraceContext } from '../trace-context';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { requestLoggingMiddleware } from './request-logging.middleware';

export interface ObserveHttpOptions {
  metrics: CertplaneMetrics;
  logger: Logger;
  /** The ids of a request, for its log lines and the events it appends; the api takes them from its headers. */
  traceOf?: (req: Request) => TraceContext;
}

/** The same request logging and latency metrics on every certplane HTTP listener: the api's and the workers'. */
export function observeHttp(app: INestApplication, opts: ObserveHttpOptions): void {
  const { traceOf } = opts;
  if (traceOf) app.use((req: Request, _res: Response, next: NextFunction) => runWithTrace(traceOf(req), next));
  app.use(requestLoggingMiddleware(opts.logger));
  app.use(httpMetricsMiddleware(opts.metrics.httpRequestDuration));
}
