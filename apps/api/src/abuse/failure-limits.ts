import { NextFunction, Request, RequestHandler, Response } from 'express';
import { CertplaneConfig } from '@certplane/config';
import { writeErrorResponse } from '../http/error-response';
import { callerAddress, isUnlimitedPath } from './caller';
import { RateLimitedError } from './rate-limited.error';
import { StrikeCounter } from './strike-counter';

const MINUTE_MS = 60_000;
export const DETAILS_PATH_PREFIX = '/informationservice/details/';

/**
 * Per-IP limits on failures, the signature of guessing: after CERTPLANE_AUTH_FAILURE_LIMIT
 * answers 401 in a minute, every request from that IP is answered 429 until the minute is over
 * (token brute force); after CERTPLANE_DETAILS_MISS_LIMIT details answers 404, its details
 * requests are (details-secret scanning). A blocked request is refused here, before its body is
 * read or its credential checked.
 *
 * Failures are counted from the status of the answer, once sent, so any authenticator's 401
 * counts, whichever guard or middleware raised it. A caller sending many requests at once can
 * therefore get up to its concurrency beyond the limit before the block starts.
 */
export function failureLimits(config: CertplaneConfig): RequestHandler {
  const authFailures = new StrikeCounter(config.rateLimit.authFailuresPerMinute, MINUTE_MS);
  const detailsMisses = new StrikeCounter(config.details.missesPerMinute, MINUTE_MS);
  return (req: Request, res: Response, next: NextFunction) => {
    if (isUnlimitedPath(req.path)) return next();
    const address = callerAddress(req);
    const details = req.path.startsWith(DETAILS_PATH_PREFIX);
    const authWait = authFailures.blockedFor(address);
    if (authWait > 0) return writeErrorResponse(res, new RateLimitedError(authWait, 'too many failed authentications from this address'));
    const detailsWait = details ? detailsMisses.blockedFor(address) : 0;
    if (detailsWait > 0) return writeErrorResponse(res, new RateLimitedError(detailsWait, 'too many unknown details ids from this address'));
    res.on('finish', () => {
      if (res.statusCode === 401) authFailures.strike(address);
      else if (details && res.statusCode === 404) detailsMisses.strike(address);
    });
    next();
  };
}
