import 'reflect-metadata';
import { loadConfig } from '@certplane/config';
import { createLogger } from './logger';
import { openDatabase } from './database.provider';
import { exitOnStartupFailure } from './startup-failure';

/** `npm run migrate`: applies pending migrations (the apps also do this at start-up unless told not to). */
async function main() {
  const config = { ...loadConfig(), migrateOnStart: true };
  const logger = createLogger('migrate', config.logLevel);
  const { ds, embedded } = await openDatabase(config, 'migrate', logger);
  const pending = await ds.showMigrations();
  logger.info(pending ? 'migrations still pending' : 'schema is up to date');
  await ds.destroy();
  await embedded?.stop();
}

main().catch((e) => exitOnStartupFailure(e, 'migrate'));
