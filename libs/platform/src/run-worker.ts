import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@certplane/config';
import { Logger as PinoLogger } from 'pino';
import { APP_LOGGER } from './tokens';
import { AppLogger } from './logger';
import { NestPinoLogger } from './logger';

/** Starts a worker (no HTTP yet) and keeps it until SIGTERM/SIGINT, when Nest closes it in order. */
export async function runWorker(rootModule: unknown, role: string): Promise<void> {
  try {
    const app = await NestFactory.createApplicationContext(rootModule as never, { bufferLogs: true });
    const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
    app.useLogger(new NestPinoLogger(logger.pino));
    app.enableShutdownHooks();
    logger.info(`certplane ${role} started`);
  } catch (e) {
    if (e instanceof ConfigError) process.stderr.write(`certplane: ${e.message}\n`);
    else process.stderr.write(`certplane ${role} failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
}
