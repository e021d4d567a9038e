import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { pathOf } from '../http/path-of';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { callerIdentity, isUnlimitedPath } from './caller';
import { RateLimitedError } from './rate-limited.error';
import { CALLER_CLIENT, RENEWAL_LIMITED } from './renewal-limited.decorator';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const RENEWAL = 'renewal';

/**
 * Requests per minute per authenticated identity (CERTPLANE_RATE_LIMIT_PER_MINUTE), in a sliding
 * window: over the limit, the caller gets 429 RATE_LIMITED until its oldest counted request is a
 * minute old (Retry-After). Anonymous callers have only their address's limits (address-limits.ts).
 * Renewals (@RenewalLimited routes) count per client as well, whoever asks, in an hour's window
 * (CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR): a client certificate renewing itself in a loop is stopped
 * there however slowly it goes.
 *
 * It is @nestjs/throttler's guard, but not registered as one: the auth guard calls it once it has
 * let a request through, so the identity it set on the request is known here. (It used to be an
 * interceptor, for the same reason; a global interceptor puts an rxjs chain and two bound async
 * resources on every request.) Requests the auth guard refuses never get here; they count towards
 * their address's failure limit instead.
 */
@Injectable()
export class RequestRateLimiter extends ThrottlerGuard {
  private readonly enabled: boolean;

  constructor(
    @Inject(CONFIG) config: CertplaneConfig,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
  ) {
    const { perIdentityPerMinute, renewalsPerClientPerHour } = config.rateLimit;
    const throttlers: ThrottlerOptions[] = [];
    // blockDuration 0: no penalty beyond the window, a caller over the limit waits only for it to slide.
    if (perIdentityPerMinute > 0) {
      throttlers.push({
        name: 'identity',
        ttl: MINUTE_MS,
        limit: perIdentityPerMinute,
        blockDuration: 0,
        getTracker: (req) => callerIdentity(req as FastifyRequest) ?? '',
        skipIf: (ctx) => callerIdentity(ctx.switchToHttp().getRequest<FastifyRequest>()) === undefined,
      });
    }
    if (renewalsPerClientPerHour > 0) {
      const clientParam = (ctx: ExecutionContext): string | undefined =>
        reflector.get<string | undefined>(RENEWAL_LIMITED, ctx.getHandler());
      throttlers.push({
        name: RENEWAL,
        ttl: HOUR_MS,
        limit: renewalsPerClientPerHour,
        blockDuration: 0,
        getTracker: (req, ctx) => {
          const param = clientParam(ctx)!;
          return String(
            (param === CALLER_CLIENT
              ? (req as FastifyRequest).principal?.clientId
              : (req as FastifyRequest<{ Params: Record<string, string> }>).params?.[param]) ?? '',
          );
        },
        // A caller without a client certificate renews nothing there (it is refused): no shared '' bucket.
        skipIf: (ctx) =>
          clientParam(ctx) === undefined ||
          (clientParam(ctx) === CALLER_CLIENT && !ctx.switchToHttp().getRequest<FastifyRequest>().principal?.clientId),
      });
    }
    super({ throttlers, setHeaders: false }, storage, reflector);
    this.enabled = throttlers.length > 0;
  }

  // With the limit off (0) there is nothing to set up, and nothing to warn about.
  override async onModuleInit(): Promise<void> {
    if (this.enabled) await super.onModuleInit();
  }

  /** Counts a request the auth guard let through; throws RateLimitedError once its identity is over the limit. */
  async count(ctx: ExecutionContext): Promise<void> {
    if (this.enabled) await this.canActivate(ctx);
  }

  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    return (
      !this.enabled ||
      ctx.getType() !== 'http' ||
      isUnlimitedPath(pathOf(ctx.switchToHttp().getRequest<FastifyRequest>().url))
    );
  }

  /** One count per caller across every route, not one per route as the library's default key has it. */
  protected override generateKey(_ctx: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _ctx: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(
      detail.timeToBlockExpire,
      detail.key.startsWith(`${RENEWAL}:`) ? 'too many renewals of this client' : 'too many requests',
    );
  }
}
