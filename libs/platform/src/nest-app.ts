import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'pino';
import { APP_LOGGER } from './tokens';
import { AppLogger, bootLogLevel, createLogger, NestPinoLogger } from './logger';

/**
 * Creates the Nest application of any certplane process. Until the configuration is read, Nest logs
 * through a logger at CERTPLANE_LOG_LEVEL; then through the process's own. A failure while the
 * modules initialise rejects (abortOnError false) for the caller to report in one line.
 */
export async function createNestApp(rootModule: unknown, role: string): Promise<{ app: NestExpressApplication; logger: AppLogger & { pino: PinoLogger } }> {
  const boot = createLogger(role, bootLogLevel());
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, { bodyParser: false, abortOnError: false, logger: new NestPinoLogger(boot.pino) });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  app.disable('x-powered-by');
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  return { app, logger };
}
