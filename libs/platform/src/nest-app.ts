import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyServerOptions } from 'fastify';
import { Logger as PinoLogger } from 'pino';
import { APP_LOGGER } from './tokens';
import { AppLogger, bootLogLevel, createLogger, NestPinoLogger } from './logger';

const NAMED_WILDCARD = /\*\w+$/;
const CHARSET = /;\s*charset=/i;

/**
 * Creates the Nest application of any certplane process, on fastify. Until the configuration is read, Nest logs
 * through a logger at CERTPLANE_LOG_LEVEL; then through the process's own. A failure while the
 * modules initialise rejects (abortOnError false) for the caller to report in one line.
 */
export async function createNestApp(
  rootModule: unknown,
  role: string,
  options: { frameworkErrors?: FastifyServerOptions['frameworkErrors'] } = {},
): Promise<{ app: NestFastifyApplication; logger: AppLogger & { pino: PinoLogger } }> {
  const boot = createLogger(role, bootLogLevel());
  const adapter = new FastifyAdapter({
    // Routes match the path exactly as sent, letter case included, so /InformationService/Details/<secret>
    // never reaches the details route; a trailing slash names the same route.
    routerOptions: {
      caseSensitive: true,
      ignoreTrailingSlash: true,
      // A path segment is as long as the caller makes it (an OCSP GET carries a whole request); the listener's limits bound it.
      maxParamLength: 64 * 1024,
    },
    // Shutdown is ConnectionDrain's: requests in flight are answered, with Connection: close.
    return503OnClosing: false,
    logger: false,
    frameworkErrors: options.frameworkErrors,
  });
  // A route's wildcard is named (`ocsp/*request`, path-to-regexp's form, which the OpenAPI document shows as
  // {request}); fastify's router takes only a bare trailing `*`.
  adapter.getInstance().addHook('onRoute', (route) => {
    route.url = route.url.replace(NAMED_WILDCARD, '*');
    route.path = route.url;
  });
  // Text answers say their charset, whatever type the route gave them (application/x-pem-file, text/html).
  adapter.getInstance().addHook('onSend', (_req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof payload === 'string' && typeof type === 'string' && !CHARSET.test(type))
      void reply.header('content-type', `${type}; charset=utf-8`);
    done(null, payload);
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    bodyParser: false,
    abortOnError: false,
    logger: new NestPinoLogger(boot.pino),
  });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  return { app, logger };
}
