import { Duration } from '@certplane/domain';
import { ApiError } from './api-error';

/** Paging of every list: `limit` 1-100 (default 10) and `offset` ≥ 0. */
export interface Page {
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 100;
const MAX_OFFSET = 1_000_000_000;

/**
 * A limit above 100 is refused (400 INVALID_QUERY), not clamped: a caller who asked for 500 and
 * silently got 100 would take the page for the whole list.
 */
export function readPage(q: { limit?: string; offset?: string }): Page {
  return {
    limit: q.limit === undefined ? DEFAULT_PAGE_LIMIT : wholeNumber(q.limit, 'limit', 1, MAX_PAGE_LIMIT),
    offset: q.offset === undefined ? 0 : wholeNumber(q.offset, 'offset', 0, MAX_OFFSET),
  };
}

// RFC 3339 date-time: a date, a time, and an explicit offset (Z or ±hh:mm); no local times.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function readTimestamp(value: string, name: string): Date {
  const at = parseRfc3339(value);
  if (!at)
    throw new ApiError(
      400,
      'INVALID_QUERY',
      `the query parameter ${name} must be an RFC 3339 date-time, e.g. 2026-11-23T02:31:43Z`,
    );
  return at;
}

/** An RFC 3339 moment, or undefined; calendar-impossible dates (2026-02-30) are refused, not rolled over. */
export function parseRfc3339(value: string): Date | undefined {
  const m = RFC3339.exec(value);
  const at = m ? new Date(value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1')) : undefined;
  const [, y, mo, d, h, mi, s, , offset] = m ?? [];
  const sane =
    at !== undefined &&
    !Number.isNaN(at.getTime()) &&
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= daysIn(Number(y), Number(mo)) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59 &&
    (/^[Zz]$/.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4)) <= 59));
  return sane ? at : undefined;
}

/** A length of time as Duration spells it (`30d`), refused as every other query value is: 400 INVALID_QUERY. */
export function readDuration(value: string, name: string): Duration {
  try {
    return Duration.parse(value, 'INVALID_QUERY', `the query parameter ${name}`);
  } catch (e) {
    throw new ApiError(400, 'INVALID_QUERY', (e as Error).message);
  }
}

export function readChoice<T extends string>(value: string, name: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new ApiError(400, 'INVALID_QUERY', `the query parameter ${name} must be one of ${choices.join(', ')}`);
  return value as T;
}

const MAX_SEARCH = 100;

/** Text to look for inside names: 1-100 characters, none of them control characters. */
export function readSearch(value: string, name: string): string {
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > MAX_SEARCH || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ApiError(
      400,
      'INVALID_QUERY',
      `the query parameter ${name} must be 1 to ${MAX_SEARCH} characters, no control characters`,
    );
  }
  return value;
}

/** A LIKE pattern (backslash the escape, Postgres's default) matching any text that contains `text` literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function wholeNumber(value: string, name: string, min: number, max: number): number {
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new ApiError(
      400,
      'INVALID_QUERY',
      `the query parameter ${name} must be a whole number from ${min} to ${max}`,
    );
  return n;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
