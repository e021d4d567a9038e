import { Server } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { onRequestHookHandler } from 'fastify';
import { getStorageToken, ThrottlerStorage } from '@nestjs/throttler';
import { CertplaneConfig, ResolvedSecrets, CONFIG, SECRETS } from '@certplane/config';
import { CertplaneMetrics, listenOn, MetricsHttpModule, observationHooks } from '@certplane/observability';
import { createNestApp, runtimeSummary } from '@certplane/platform';
import { ConnectionDrain } from './http/connection-drain';
import { RequestContext, requestContext, takeRequestContext } from './http/request-context';
import { readRequestBodies } from './http/request-bodies';
import { UndecodablePaths } from './http/undecodable-paths';
import { serveOpenApi } from './openapi/openapi-document';
import { serveConsole } from './console/serve-console';
import { addressLimits } from './abuse/address-limits';
import { StrikeCounts } from './abuse/strike-counts';
import { securityHeaders } from './abuse/security-headers';
import { ClientCertificateAuthenticator } from './auth/client-certificate.authenticator';
import { clientCertificateHook } from './auth/client-certificate.hook';
import { TlsListener } from './tls/tls-listener';
import { TlsModule } from './tls/tls.module';
import { acceptProxyProtocol, proxyProtocolOptions } from './http/proxy-protocol';

/**
 * Builds and starts the HTTP side of a process: the api alone or the all-in-one. Besides the
 * root module's routes it serves /metrics, /openapi.json, /docs and the console. It listens on PORT (HTTP) and
 * CERTPLANE_TLS_PORT (HTTPS with client certificates), either or both. On SIGTERM it stops
 * accepting connections, finishes the requests in flight and ends keep-alive connections
 * (ConnectionDrain) before the database closes.
 */
export async function startHttpApp(
  rootModule: unknown,
  opts: { role: 'api' | 'all-in-one'; announce: boolean },
): Promise<NestFastifyApplication> {
  @Module({ imports: [rootModule as never, MetricsHttpModule, TlsModule], providers: [ConnectionDrain] })
  class HttpRootModule {}
  const undecodablePaths = new UndecodablePaths();
  const { app, logger } = await createNestApp(HttpRootModule, opts.role, { frameworkErrors: undecodablePaths.answer });
  const config = app.get<CertplaneConfig>(CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  // In this order, ahead of the router and the body, as each needs the one before.
  const hooks: onRequestHookHandler[] = [
    app.get(ConnectionDrain).hook,
    takeRequestContext,
    securityHeaders(config),
    ...observationHooks({
      metrics: app.get(CertplaneMetrics),
      logger: logger.pino,
      traceOf: (req) => traceOf(requestContext(req)),
    }),
    addressLimits(config, app.get<ThrottlerStorage>(getStorageToken()), app.get(StrikeCounts)),
    // Ahead of every route, so guards find req.principal set for a good client certificate.
    clientCertificateHook(app.get(ClientCertificateAuthenticator), logger),
  ];
  for (const hook of hooks) fastify.addHook('onRequest', hook);
  undecodablePaths.runFirst(hooks);
  readRequestBodies(fastify);
  serveOpenApi(app);
  serveConsole(fastify);
  acceptProxyProtocol(app.getHttpServer() as Server, proxyProtocolOptions(config, logger));
  let url: string | undefined;
  if (config.httpEnabled) url = await listenOn(app, config.port, config.host, 'PORT', config.listener);
  else await app.init();
  // The HTTPS listener hands its requests to the same routes, once fastify has them all.
  await fastify.ready();
  const tlsUrl = config.tls.enabled
    ? await app.get(TlsListener).listen((req, res) => fastify.routing(req, res))
    : undefined;
  const secrets = app.get<ResolvedSecrets>(SECRETS);
  const listening = [url, tlsUrl].filter((u): u is string => u !== undefined).map((u) => new URL(u).host);
  const started = {
    url: reachable(url),
    tlsUrl: reachable(tlsUrl),
    listening,
    ...runtimeSummary(config),
    apiToken: apiTokenSource(config, secrets),
  };
  if (opts.announce) announce(started, config, secrets);
  else logger.info(`certplane ${opts.role} listening`, started);
  return app;
}

/** A request's ids for its log lines and the events it appends (the actor stays out of logs). */
function traceOf({ requestId, correlationId }: RequestContext) {
  return { requestId, correlationId };
}

/** A URL a person on this machine can open: a listener bound to every interface is reached at localhost. */
function reachable(bound: string | undefined): string | undefined {
  if (bound === undefined) return undefined;
  const u = new URL(bound);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = 'localhost';
  return u.origin;
}

/** Where the default admin token comes from, never the token itself. */
function apiTokenSource(config: CertplaneConfig, secrets: ResolvedSecrets): string {
  if (config.apiToken) return 'CERTPLANE_API_TOKEN';
  if (config.apiTokenFile) return `CERTPLANE_API_TOKEN_FILE (${config.apiTokenFile})`;
  if (secrets.apiToken) return `${config.dataDir}/api-token`;
  const others = [
    config.apiTokens.length > 0 ? 'CERTPLANE_API_TOKENS' : '',
    config.apiTokensFile ? 'CERTPLANE_API_TOKENS_FILE' : '',
    config.oidc ? 'OIDC' : '',
  ];
  return others.filter((o) => o).join(', ') || 'none';
}

interface Started {
  url?: string;
  tlsUrl?: string;
  listening: string[];
  database: string;
  bus: string;
}

/** The quick start prints where it runs, on what, and how to authenticate, for a person. */
function announce(started: Started, config: CertplaneConfig, secrets: ResolvedSecrets): void {
  const { url, tlsUrl, listening, database, bus } = started;
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const lines = [
    `certplane is running at ${url ?? tlsUrl} (listening on ${listening.join(' and ')}${everywhere ? ', every interface: HOST=127.0.0.1 keeps it local' : ''})`,
  ];
  if (url && tlsUrl) lines.push(`HTTPS with client certificates at ${tlsUrl} (CA chain: GET /pki/ca)`);
  lines.push(`Database: ${database}; bus: ${bus}`);
  if (secrets.apiTokenGenerated)
    lines.push(`API token (generated now, shown once, kept in ${config.dataDir}/api-token): ${secrets.apiToken}`);
  else
    lines.push(
      `API token: ${secrets.apiToken && !config.apiToken && !config.apiTokenFile ? `cat ${config.dataDir}/api-token` : `from ${apiTokenSource(config, secrets)}`}`,
    );
  process.stdout.write(lines.join('\n') + '\n');
}
