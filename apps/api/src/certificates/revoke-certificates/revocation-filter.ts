import { assertValidTags, isClientId } from '@certplane/domain';
import { ApiError } from '../../http/api-error';
import { parseRfc3339 } from '../../http/query-values';
import { readBody } from '../../http/request-body';

/** Which certificates a bulk revocation takes; at least one criterion, so an empty filter never means "all". */
export interface RevocationFilter {
  clientId?: string;
  tag?: string;
  issuedBefore?: Date;
}

export function readRevocationFilter(value: unknown): RevocationFilter {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('filter must be an object of client, tag and issuedBefore, at least one of them');
  const f = readBody(value, ['client', 'tag', 'issuedBefore'] as const);
  const filter: RevocationFilter = {};
  if (f.client !== undefined) {
    if (typeof f.client !== 'string' || !isClientId(f.client))
      throw invalid('filter.client must be a client id (32 lowercase hex)');
    filter.clientId = f.client;
  }
  if (f.tag !== undefined) {
    if (!isTag(f.tag)) throw invalid('filter.tag must be one tag: 1-64 characters of A-Z a-z 0-9 _ . : = / -');
    filter.tag = f.tag;
  }
  if (f.issuedBefore !== undefined) {
    const at = typeof f.issuedBefore === 'string' ? parseRfc3339(f.issuedBefore) : undefined;
    if (!at) throw invalid('filter.issuedBefore must be an RFC 3339 date-time, e.g. 2026-11-23T02:31:43Z');
    filter.issuedBefore = at;
  }
  if (Object.keys(filter).length === 0) throw invalid('filter needs at least one of client, tag and issuedBefore');
  return filter;
}

function isTag(value: unknown): value is string {
  try {
    assertValidTags([value]);
    return true;
  } catch {
    return false;
  }
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'INVALID_FILTER', message);
}
