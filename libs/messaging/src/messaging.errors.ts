/**
 * Thrown by a handler for a message that can never succeed (unparseable,
 * unknown type). Retrying would only delay the dead letter, so the bus
 * dead-letters it on the first delivery.
 */
export class PoisonMessageError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/** Failures of the bus itself (bad input, publish not acknowledged, closed bus). */
export class MessagingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MessagingError';
  }
}

/**
 * Also recognises the error by name: a handler bundled against a second copy
 * of this library would otherwise fail the instanceof check and be retried
 * maxDeliver times for nothing.
 */
export function isPoisonMessageError(err: unknown): boolean {
  return err instanceof PoisonMessageError || (err instanceof Error && err.name === 'PoisonMessageError');
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    return `${err.name}: ${err.message}`;
  }
  return String(err);
}
