import { ThrottlerStorage } from '@nestjs/throttler';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { CertplaneConfig } from '@certplane/config';
import { isDetailsPath } from '@certplane/observability';
import { writeErrorResponse } from '../http/error-response';
import { callerAddress, isUnlimitedPath } from './caller';
import { RateLimitedError } from './rate-limited.error';
import { StrikeCounter } from './strike-counter';

const MINUTE_MS = 60_000;

/**
 * The limits kept per client address, checked before anything else reads the request (its body,
 * its credential, the router), so that a refused request costs next to nothing:
 *
 * - every request counts towards CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE, in a sliding window (the
 *   @nestjs/throttler storage the identity limit uses too), unknown routes and unreadable bodies
 *   included;
 * - failures, the signature of guessing: after CERTPLANE_AUTH_FAILURE_LIMIT answers 401 in a
 *   minute, every request from that address is refused until the minute is over (token brute
 *   force); after CERTPLANE_DETAILS_MISS_LIMIT details answers 404, its details requests are
 *   (details-secret scanning). A details request is any spelling isDetailsPath recognises, wider
 *   than the router's exact path, so an unrouted spelling is a miss too.
 *
 * Failures are counted from the status of the answer, once sent, so any authenticator's 401
 * counts, whichever guard or middleware raised it. A caller sending many requests at once can
 * therefore get up to its concurrency beyond a failure limit before the block starts.
 */
export function addressLimits(config: CertplaneConfig, storage: ThrottlerStorage): RequestHandler {
  const perMinute = config.rateLimit.perIpPerMinute;
  const authFailures = new StrikeCounter(config.rateLimit.authFailuresPerMinute, MINUTE_MS);
  const detailsMisses = new StrikeCounter(config.details.missesPerMinute, MINUTE_MS);
  const refuse = (res: Response, seconds: number, why: string) => writeErrorResponse(res, new RateLimitedError(seconds, why));
  return (req: Request, res: Response, next: NextFunction) => {
    if (isUnlimitedPath(req.path)) return next();
    const address = callerAddress(req);
    const details = isDetailsPath(req.url);
    const authWait = authFailures.blockedFor(address);
    if (authWait > 0) return refuse(res, authWait, 'too many failed authentications from this address');
    const detailsWait = details ? detailsMisses.blockedFor(address) : 0;
    if (detailsWait > 0) return refuse(res, detailsWait, 'too many unknown details ids from this address');
    res.on('finish', () => {
      if (res.statusCode === 401) authFailures.strike(address);
      else if (details && res.statusCode === 404) detailsMisses.strike(address);
    });
    if (perMinute === 0) return next();
    // blockDuration 0: no penalty beyond the window, a caller over the limit waits only for it to slide.
    storage.increment(`ip:${address}`, MINUTE_MS, perMinute, 0, 'ip').then(
      ({ isBlocked, timeToBlockExpire }) => (isBlocked ? refuse(res, timeToBlockExpire, 'too many requests from this address') : next()),
      next,
    );
  };
}
