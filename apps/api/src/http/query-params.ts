import { ApiError } from './api-error';

/**
 * Query parameters by name, each given at most once. Unknown ones are refused like unknown body
 * fields (readBody), so a typo (`?namspace=`) is not silently read as "no namespace".
 */
export function readQuery<K extends string>(query: unknown, allowed: readonly K[]): Partial<Record<K, string>> {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const unknown = Object.keys(q).filter((k) => !(allowed as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new ApiError(
      400,
      'UNKNOWN_QUERY_PARAMETER',
      `unknown query parameter ${JSON.stringify(unknown[0].slice(0, 64))}; allowed: ${allowed.join(', ') || 'none'}`,
    );
  for (const [k, v] of Object.entries(q))
    if (typeof v !== 'string') throw new ApiError(400, 'INVALID_QUERY', `the query parameter ${k} must be given once`);
  return q as Partial<Record<K, string>>;
}

/** `?metrics=1`, `?cascade=true`: 1/true or 0/false; absent is false. */
export function queryFlag(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ApiError(400, 'INVALID_QUERY', `the query parameter ${name} must be 1, true, 0 or false`);
}
