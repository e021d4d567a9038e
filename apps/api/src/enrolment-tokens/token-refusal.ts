import { EnrolmentTokenRefusedError } from '@certplane/domain';
import { ApiError } from '../http/api-error';
import { statusForDomainCode } from '../http/error-status';
import { ErrorCode } from '../openapi/error-codes';

/** What an enrolment with a token is refused for besides the request itself: the token, and what its profile allows. */
export const TOKEN_ENROLMENT_REFUSALS = [
  'ENROLMENT_TOKEN_UNKNOWN',
  'ENROLMENT_TOKEN_EXPIRED',
  'ENROLMENT_TOKEN_USED_UP',
  'ENROLMENT_TOKEN_REVOKED',
  'ENROLMENT_TOKEN_NOT_ALLOWED',
  'KEY_TYPE_NOT_ALLOWED',
  'UNKNOWN_PROFILE',
] as const satisfies readonly ErrorCode[];

/**
 * A refused token as an answer that says how to authenticate: a 401 carries WWW-Authenticate with
 * the scheme the route takes the token in. Anything else goes on unchanged.
 */
export function withTokenChallenge(challenge: string): (e: unknown) => never {
  return (e) => {
    if (e instanceof EnrolmentTokenRefusedError && statusForDomainCode(e.code) === 401)
      throw new ApiError(401, e.code, e.message, { 'WWW-Authenticate': challenge });
    throw e;
  };
}
