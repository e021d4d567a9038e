import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { CertplaneConfig, ResolvedSecrets } from '@certplane/config';
import { CertplaneMetrics, listenOn, MetricsHttpModule, observeHttp } from '@certplane/observability';
import { APP_LOGGER, AppLogger, CONFIG, NestPinoLogger, SECRETS } from '@certplane/platform';
import { Logger as PinoLogger } from 'pino';
import { ConnectionDrain } from './http/connection-drain';
import { RequestContext, requestContext, requestContextMiddleware } from './http/request-context';
import { jsonBody } from './http/json-body';
import { serveOpenApi } from './openapi/openapi-document';
import { OCSP_PATH, ocspRequestReader } from './pki/answer-ocsp/ocsp-request-reader';

/**
 * Builds and starts the HTTP side of a process: the api alone or the all-in-one. Besides the
 * root module's routes it serves /metrics, /openapi.json and /docs. On SIGTERM it stops
 * accepting connections, finishes the requests in flight and ends keep-alive connections
 * (ConnectionDrain) before the database closes.
 */
export async function startHttpApp(rootModule: unknown, opts: { announce: boolean }): Promise<NestExpressApplication> {
  @Module({ imports: [rootModule as never, MetricsHttpModule], providers: [ConnectionDrain] })
  class HttpRootModule {}
  const app = await NestFactory.create<NestExpressApplication>(HttpRootModule, { bodyParser: false, bufferLogs: true });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  app.disable('x-powered-by');
  app.use(app.get(ConnectionDrain).middleware);
  app.use(requestContextMiddleware);
  observeHttp(app, { metrics: app.get(CertplaneMetrics), logger: logger.pino, traceOf: (req) => traceOf(requestContext(req)) });
  app.use(OCSP_PATH, ocspRequestReader()); // DER, so ahead of the JSON parser
  app.use(jsonBody());
  serveOpenApi(app);
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  const config = app.get<CertplaneConfig>(CONFIG);
  const url = await listenOn(app, config.port, config.host, 'PORT');
  logger.info('certplane api listening', { url, database: config.databaseUrl ? 'postgres' : 'embedded', bus: config.natsUrl ? 'jetstream' : 'in-process' });
  if (opts.announce) announce(url, config, app.get<ResolvedSecrets>(SECRETS));
  return app;
}

/** A request's ids for its log lines and the events it appends (the actor stays out of logs). */
function traceOf({ requestId, correlationId }: RequestContext) {
  return { requestId, correlationId };
}

/** The embedded quick start prints where it runs and how to authenticate, once, for a person. */
function announce(url: string, config: CertplaneConfig, secrets: ResolvedSecrets): void {
  const lines = [`certplane is running at ${url} (data in ${config.dataDir})`];
  if (secrets.apiTokenGenerated) lines.push(`API token (generated now, shown once, kept in ${config.dataDir}/api-token): ${secrets.apiToken}`);
  else if (!config.apiToken && !config.apiTokenFile) lines.push(`API token: cat ${config.dataDir}/api-token`);
  process.stdout.write(lines.join('\n') + '\n');
}
