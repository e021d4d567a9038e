import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { currentTrace } from '@certplane/observability';

/** The shape every certplane component logs through: a message and structured context. */
export interface AppLogger {
  info(msg: string, ctx?: object): void;
  warn(msg: string, ctx?: object): void;
  error(msg: string, ctx?: object): void;
  debug(msg: string, ctx?: object): void;
}

/**
 * One JSON line per entry on stdout. Callers pass ids, counts and error messages as context —
 * never keys, tokens or CSR bodies; the redact list is a second line of defence. Every line
 * written while a request or an event is handled carries its request and correlation ids
 * (the trace context), whoever logs it. Tests pass a destination to read every line the process
 * writes (the secret scans).
 */
export function createLogger(
  role: string,
  level: string,
  destination?: DestinationStream,
): AppLogger & { pino: Logger } {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'certplane', role },
    // A copy: pino merges each line's fields into the object the mixin returns. Handing it the
    // trace context itself made every field logged during a request (pino-http's raw `res`, with
    // the request's headers and url) stick to the context and reappear on later lines of other
    // loggers, which have no serializer for it: the bearer token and details secrets reached the log.
    mixin: () => ({ ...currentTrace() }),
    redact: {
      paths: ['*.privateKeyPem', '*.apiToken', '*.token', '*.authorization', '*.key', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  const base = destination ? pino(options, destination) : pino(options);
  return {
    pino: base,
    info: (msg, ctx) => base.info(ctx ?? {}, msg),
    warn: (msg, ctx) => base.warn(ctx ?? {}, msg),
    error: (msg, ctx) => base.error(ctx ?? {}, msg),
    debug: (msg, ctx) => base.debug(ctx ?? {}, msg),
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The level asked for in CERTPLANE_LOG_LEVEL, for what is logged before the configuration is read. */
export function bootLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  const level = env.CERTPLANE_LOG_LEVEL;
  return level !== undefined && LEVELS.includes(level) ? level : 'info';
}

/**
 * Lets Nest's own messages come out as the same JSON lines. Its `log` level is framework chatter
 * (modules initialised, routes mapped) and goes to debug; so does its ExceptionHandler's report of
 * a failed start-up, which the process reports itself in one line (exitOnStartupFailure).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    if (context === 'ExceptionHandler') this.logger.debug({ context, trace }, String(message));
    else this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
