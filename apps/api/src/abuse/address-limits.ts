import { ServerResponse } from 'node:http';
import { ThrottlerStorage } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CertplaneConfig } from '@certplane/config';
import { isDetailsPath } from '@certplane/observability';
import { writeErrorResponse } from '../http/error-response';
import { pathOf } from '../http/path-of';
import { callerAddress, isUnlimitedPath } from './caller';
import { RateLimitedError } from './rate-limited.error';
import { StrikeCounts, StrikeKind } from './strike-counts';

const MINUTE_MS = 60_000;

/**
 * The limits kept per client address, checked before anything else reads the request (its body,
 * its credential, the router), so that a refused request costs next to nothing:
 *
 * - every request counts towards CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE, in a sliding window (the
 *   storage the identity limit uses too, shared across replicas: SharedWindowStorage), unknown
 *   routes and unreadable bodies included;
 * - failures, the signature of guessing: after CERTPLANE_AUTH_FAILURE_LIMIT answers 401 in a
 *   minute, every request from that address is refused until the minute is over (token brute
 *   force); after CERTPLANE_DETAILS_MISS_LIMIT details answers 404, its details requests are
 *   (details-secret scanning). A details request is any spelling isDetailsPath recognises, wider
 *   than the router's exact path, so an unrouted spelling is a miss too.
 *
 * Failures are counted from the status of the answer (any authenticator's 401 counts, whichever
 * guard or middleware raised it) in StrikeCounts, across replicas, before the answer leaves: a
 * caller that waits for its answer, whichever replica it asks next, finds its failure counted. A
 * caller sending many requests at once can still get up to its concurrency beyond a failure limit
 * before the block starts.
 */
export function addressLimits(
  config: CertplaneConfig,
  storage: ThrottlerStorage,
  strikes: StrikeCounts,
): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const perMinute = config.rateLimit.perIpPerMinute;
  const refuse = (reply: FastifyReply, seconds: number, why: string) =>
    void writeErrorResponse(reply, new RateLimitedError(seconds, why));
  const countRequest = async (reply: FastifyReply, address: string) => {
    if (perMinute === 0) return;
    // blockDuration 0: no penalty beyond the window, a caller over the limit waits only for it to slide.
    const { isBlocked, timeToBlockExpire } = await storage.increment(`ip:${address}`, MINUTE_MS, perMinute, 0, 'ip');
    if (isBlocked) refuse(reply, timeToBlockExpire, 'too many requests from this address');
  };
  return async (req, reply) => {
    if (isUnlimitedPath(pathOf(req.url))) return;
    const address = callerAddress(req);
    if (!strikes.counting) return countRequest(reply, address);
    const details = isDetailsPath(req.url);
    const [authWait, detailsWait] = await Promise.all([
      strikes.blockedFor('auth', address),
      details ? strikes.blockedFor('details', address) : 0,
    ]);
    if (authWait > 0) return refuse(reply, authWait, 'too many failed authentications from this address');
    if (detailsWait > 0) return refuse(reply, detailsWait, 'too many unknown details ids from this address');
    countStrikeBeforeAnswer(reply.raw, strikes, address, details);
    return countRequest(reply, address);
  };
}

/** Holds a failure's answer until its strike is stored, so the caller cannot outrun its own count. */
function countStrikeBeforeAnswer(res: ServerResponse, strikes: StrikeCounts, address: string, details: boolean): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const kind: StrikeKind | undefined =
      res.statusCode === 401 ? 'auth' : details && res.statusCode === 404 ? 'details' : undefined;
    if (kind === undefined) return end(...args);
    // A strike that could not be stored still lets the answer go; the next request's check fails instead.
    void strikes
      .strike(kind, address)
      .catch(() => undefined)
      .finally(() => end(...args));
    return res;
  }) as ServerResponse['end'];
}
