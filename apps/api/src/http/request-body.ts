import { ApiError } from './api-error';

/**
 * The body as a plain object with only the fields the endpoint knows. Unknown fields are refused
 * rather than ignored, so a typo (`hostName`) is not silently dropped.
 */
export function readBody<K extends string>(body: unknown, allowed: readonly K[]): Partial<Record<K, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'INVALID_BODY', 'the request body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !(allowed as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new ApiError(
      400,
      'UNKNOWN_FIELD',
      `unknown field ${JSON.stringify(unknown[0].slice(0, 64))}; allowed: ${allowed.join(', ')}`,
    );
  return body as Partial<Record<K, unknown>>;
}
