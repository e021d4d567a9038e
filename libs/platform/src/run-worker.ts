import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@certplane/config';
import { Logger as PinoLogger } from 'pino';
import { APP_LOGGER } from './tokens';
import { AppLogger } from './logger';
import { NestPinoLogger } from './logger';

/**
 * Starts a worker (no HTTP yet) and keeps it until SIGTERM/SIGINT, when Nest closes it in order.
 * The root module is built here, inside the try: PlatformModule.forRoot reads and validates the
 * configuration, and a ConfigError must end in one line naming the variable, not a stack trace.
 */
export async function runWorker(buildRootModule: () => unknown, role: string): Promise<void> {
  try {
    const app = await NestFactory.createApplicationContext(buildRootModule() as never, { bufferLogs: true });
    const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
    app.useLogger(new NestPinoLogger(logger.pino));
    // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
    app.enableShutdownHooks([], { useProcessExit: true });
    logger.info(`certplane ${role} started`);
  } catch (e) {
    if (e instanceof ConfigError) process.stderr.write(`certplane: ${e.message}\n`);
    else process.stderr.write(`certplane ${role} failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
}
