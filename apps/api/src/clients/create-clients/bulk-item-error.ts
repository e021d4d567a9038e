import { DomainError } from '@certplane/domain';
import { ApiError } from '../../http/api-error';
import { statusForDomainCode } from '../../http/error-status';

/** The item's own refusal (status and code as POST /clients answers it), its position in the message. */
export function bulkItemError(index: number, e: unknown): unknown {
  if (e instanceof DomainError)
    return new ApiError(statusForDomainCode(e.code), e.code, `clients[${index}]: ${e.message}`);
  if (e instanceof ApiError) return new ApiError(e.statusCode, e.code, `clients[${index}]: ${e.message}`, e.headers);
  return e;
}
