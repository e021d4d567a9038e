import { EnrolmentTokenRefusedError } from '@certplane/domain';
import { ApiError } from '../http/api-error';
import { statusForDomainCode } from '../http/error-status';

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
