import { ConfigError } from '@certplane/config';

/**
 * A start-up failure whose message already names the cause and the fix, in one line. The parts
 * that meet the outside world (database, bus) turn what they know into one of these, since only
 * they know which setting led where.
 */
export class StartupFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupFailure';
  }
}

/** One line for a person; the stack only when CERTPLANE_LOG_LEVEL asks for debug or trace. */
export function describeStartupFailure(e: unknown, role: string, env: NodeJS.ProcessEnv = process.env): string {
  const verbose = env.CERTPLANE_LOG_LEVEL === 'debug' || env.CERTPLANE_LOG_LEVEL === 'trace';
  if (e instanceof ConfigError || e instanceof StartupFailure) {
    const cause = verbose && e.cause instanceof Error && e.cause.stack ? `\n${e.cause.stack}` : '';
    return `certplane ${role}: ${e.message}${cause}`;
  }
  if (verbose) return `certplane ${role} failed to start: ${e instanceof Error ? e.stack : String(e)}`;
  const message = e instanceof Error ? e.message : String(e);
  return `certplane ${role} failed to start: ${message.split('\n')[0]} (CERTPLANE_LOG_LEVEL=debug shows the stack trace)`;
}

export function exitOnStartupFailure(e: unknown, role: string): never {
  process.stderr.write(`${describeStartupFailure(e, role)}\n`);
  process.exit(1);
}

/** Where a connection URL points, without its credentials: safe for a log line or an error. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}
