/**
 * Errors that mean Postgres cannot be reached right now (down, restarting, recovering, or the
 * connection was cut), as opposed to a query that failed: the same request can succeed once it
 * is back, so callers answer "try again later" rather than "internal error".
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  // SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now).
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
]);

// node-postgres raises these as plain Errors, without a code.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
    // TypeORM's QueryFailedError keeps the driver's error; AggregateError (connect to ::1 and 127.0.0.1) its parts.
    const inner =
      (e as { driverError?: unknown; cause?: unknown; errors?: unknown[] }).driverError ??
      (e as { cause?: unknown }).cause ??
      (e as { errors?: unknown[] }).errors?.[0];
    e = inner;
  }
  return false;
}
