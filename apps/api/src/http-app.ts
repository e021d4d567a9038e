import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { getStorageToken, ThrottlerStorage } from '@nestjs/throttler';
import { CertplaneConfig, ResolvedSecrets } from '@certplane/config';
import { CertplaneMetrics, listenOn, MetricsHttpModule, observeHttp } from '@certplane/observability';
import { APP_LOGGER, AppLogger, CONFIG, NestPinoLogger, SECRETS } from '@certplane/platform';
import { Logger as PinoLogger } from 'pino';
import { ConnectionDrain } from './http/connection-drain';
import { RequestContext, requestContext, requestContextMiddleware } from './http/request-context';
import { jsonBody } from './http/json-body';
import { serveOpenApi } from './openapi/openapi-document';
import { addressLimits } from './abuse/address-limits';
import { securityHeaders } from './abuse/security-headers';
import { OCSP_PATH, ocspRequestReader } from './pki/answer-ocsp/ocsp-request-reader';
import { ClientCertificateAuthenticator } from './auth/client-certificate.authenticator';
import { clientCertificateMiddleware } from './auth/client-certificate.middleware';
import { TlsListener } from './tls/tls-listener';
import { TlsModule } from './tls/tls.module';

/**
 * Builds and starts the HTTP side of a process: the api alone or the all-in-one. Besides the
 * root module's routes it serves /metrics, /openapi.json and /docs. It listens on PORT (HTTP) and
 * CERTPLANE_TLS_PORT (HTTPS with client certificates), either or both. On SIGTERM it stops
 * accepting connections, finishes the requests in flight and ends keep-alive connections
 * (ConnectionDrain) before the database closes.
 */
export async function startHttpApp(rootModule: unknown, opts: { announce: boolean }): Promise<NestExpressApplication> {
  @Module({ imports: [rootModule as never, MetricsHttpModule, TlsModule], providers: [ConnectionDrain] })
  class HttpRootModule {}
  // Routes match the path exactly as sent, letter case included (express matches any case by default, so
  // /InformationService/Details/<secret> reached the details route). Set before the adapter builds express's router.
  const server = express().enable('case sensitive routing');
  const app = await NestFactory.create<NestExpressApplication>(HttpRootModule, new ExpressAdapter(server), { bodyParser: false, bufferLogs: true });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  app.disable('x-powered-by');
  const config = app.get<CertplaneConfig>(CONFIG);
  app.use(app.get(ConnectionDrain).middleware);
  app.use(requestContextMiddleware);
  app.use(securityHeaders());
  observeHttp(app, { metrics: app.get(CertplaneMetrics), logger: logger.pino, traceOf: (req) => traceOf(requestContext(req)) });
  app.use(addressLimits(config, app.get<ThrottlerStorage>(getStorageToken())));
  // Ahead of every route, so guards find req.principal set for a good client certificate.
  app.use(clientCertificateMiddleware(app.get(ClientCertificateAuthenticator), logger));
  app.use(OCSP_PATH, ocspRequestReader()); // DER, so ahead of the JSON parser
  app.use(jsonBody());
  serveOpenApi(app);
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  let url: string | undefined;
  if (config.httpEnabled) url = await listenOn(app, config.port, config.host, 'PORT', config.listener);
  else await app.init();
  const tlsUrl = config.tls.enabled ? await app.get(TlsListener).listen(app.getHttpAdapter().getInstance()) : undefined;
  logger.info('certplane api listening', { url, tlsUrl, database: config.databaseUrl ? 'postgres' : 'embedded', bus: config.natsUrl ? 'jetstream' : 'in-process' });
  if (opts.announce) announce({ url, tlsUrl }, config, app.get<ResolvedSecrets>(SECRETS));
  return app;
}

/** A request's ids for its log lines and the events it appends (the actor stays out of logs). */
function traceOf({ requestId, correlationId }: RequestContext) {
  return { requestId, correlationId };
}

/** The embedded quick start prints where it runs and how to authenticate, once, for a person. */
function announce({ url, tlsUrl }: { url?: string; tlsUrl?: string }, config: CertplaneConfig, secrets: ResolvedSecrets): void {
  const lines = [`certplane is running at ${url ?? tlsUrl} (data in ${config.dataDir})`];
  if (url && tlsUrl) lines.push(`HTTPS with client certificates at ${tlsUrl} (CA chain: GET /pki/ca)`);
  if (secrets.apiTokenGenerated) lines.push(`API token (generated now, shown once, kept in ${config.dataDir}/api-token): ${secrets.apiToken}`);
  else if (secrets.apiToken && !config.apiToken && !config.apiTokenFile) lines.push(`API token: cat ${config.dataDir}/api-token`);
  process.stdout.write(lines.join('\n') + '\n');
}
