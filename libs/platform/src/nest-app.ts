import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { Logger as PinoLogger } from 'pino';
import { APP_LOGGER } from './tokens';
import { AppLogger, bootLogLevel, createLogger, NestPinoLogger } from './logger';

/**
 * Creates the Nest application of any certplane process, on express with case-sensitive routing. Until the configuration is read, Nest logs
 * through a logger at CERTPLANE_LOG_LEVEL; then through the process's own. A failure while the
 * modules initialise rejects (abortOnError false) for the caller to report in one line.
 */
export async function createNestApp(
  rootModule: unknown,
  role: string,
): Promise<{ app: NestExpressApplication; logger: AppLogger & { pino: PinoLogger } }> {
  const boot = createLogger(role, bootLogLevel());
  // Routes match the path exactly as sent, letter case included: express matches any case by default, so
  // /InformationService/Details/<secret> reached the details route. Set before the adapter builds express's router.
  const server = express().enable('case sensitive routing');
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, new ExpressAdapter(server), {
    bodyParser: false,
    abortOnError: false,
    logger: new NestPinoLogger(boot.pino),
  });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  app.disable('x-powered-by');
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  return { app, logger };
}
