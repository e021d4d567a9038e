import { ConfigError } from '@certplane/config';

/** A bad configuration is reported in one line naming the variable; anything else with its stack. */
export function exitOnStartupError(e: unknown): never {
  if (e instanceof ConfigError) process.stderr.write(`certplane: ${e.message}\n`);
  else process.stderr.write(`certplane failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
}
