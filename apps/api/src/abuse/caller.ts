import { normalizeIp } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';

/**
 * The address limits are kept per: the peer's IP, an IPv6 caller by its /64 (one host usually
 * holds the whole prefix, so counting single addresses would let it rotate past any limit).
 */
export function callerAddress(req: FastifyRequest): string {
  return normalizeIp(req.ip ?? 'unknown');
}

/** Who the caller authenticated as: the principal the auth guard or the client-certificate middleware set. */
export function callerIdentity(req: FastifyRequest): string | undefined {
  return req.principal?.actor;
}

// Probes and scrapers poll these; a limit hit there would read as an outage, not as abuse.
const UNLIMITED = /^\/(health|metrics)(\/|$)/;

export function isUnlimitedPath(path: string): boolean {
  return UNLIMITED.test(path);
}
