import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { CertplaneConfig, ResolvedSecrets } from '@certplane/config';
import { APP_LOGGER, AppLogger, CONFIG, NestPinoLogger, SECRETS } from '@certplane/platform';
import { Logger as PinoLogger } from 'pino';
import { correlationIdMiddleware } from './http/request-context';
import { jsonBody } from './http/json-body';

/** Builds and starts the HTTP side of a process: the api alone or the all-in-one. */
export async function startHttpApp(rootModule: unknown, opts: { announce: boolean }): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, { bodyParser: false, bufferLogs: true });
  const logger = app.get<AppLogger & { pino: PinoLogger }>(APP_LOGGER);
  app.useLogger(new NestPinoLogger(logger.pino));
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.use(jsonBody());
  // Exit 0 once closed in order; without useProcessExit Nest re-raises the signal and the process dies of it (143).
  app.enableShutdownHooks([], { useProcessExit: true });
  const config = app.get<CertplaneConfig>(CONFIG);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.info('certplane api listening', { url, database: config.databaseUrl ? 'postgres' : 'embedded', bus: config.natsUrl ? 'jetstream' : 'in-process' });
  if (opts.announce) announce(url, config, app.get<ResolvedSecrets>(SECRETS));
  return app;
}

/** The embedded quick start prints where it runs and how to authenticate, once, for a person. */
function announce(url: string, config: CertplaneConfig, secrets: ResolvedSecrets): void {
  const lines = [`certplane is running at ${url} (data in ${config.dataDir})`];
  if (secrets.apiTokenGenerated) lines.push(`API token (generated now, shown once, kept in ${config.dataDir}/api-token): ${secrets.apiToken}`);
  else if (!config.apiToken && !config.apiTokenFile) lines.push(`API token: cat ${config.dataDir}/api-token`);
  process.stdout.write(lines.join('\n') + '\n');
}
