import { assertValidMetadata, DomainError, Metadata } from '@certplane/domain';
import { ApiError } from '../../http/api-error';

/**
 * `?metadata={"k":"v"}`: a JSON object of the pairs a client's metadata must contain, each value
 * as metadata allows it (a short string, a finite number, a boolean). Anything else is INVALID_QUERY,
 * so a typo never reads as "no filter".
 */
export function readMetadataFilter(value: string): Metadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid();
  }
  try {
    return assertValidMetadata(parsed);
  } catch (e) {
    if (e instanceof DomainError) throw invalid(e.message);
    throw e;
  }
}

function invalid(why = 'it is not JSON'): ApiError {
  return new ApiError(
    400,
    'INVALID_QUERY',
    `the query parameter metadata must be a JSON object of key → string, number or boolean (${why})`,
  );
}
