import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { CertplaneConfig, ResolvedSecrets, CONFIG, SECRETS } from '@certplane/config';
import { clientIdForDetailsSecret } from '@certplane/domain';
import { ClientRolesRepository } from '@certplane/event-store';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import { RequestRateLimiter } from '../abuse/request-rate-limiter';
import { ApiError } from '../http/api-error';
import { ClientActionAccess, OwnClientParam } from './access.decorators';
import { wantedActions } from './wanted-actions';
import { OIDC_RETRY_AFTER_SECONDS, InvalidOidcToken, OidcUnavailable, OidcVerifier } from './oidc-verifier';
import { globalRoles, Principal } from './principal';
import { RouteAccess, routeAccess } from './route-access';
import { StaticTokens } from './static-tokens';

/**
 * The one guard of the api (APP_GUARD): finds who is calling and whether their role may call the
 * route. A principal already set by the client-certificate middleware is taken as it is;
 * otherwise the bearer token is matched against the static tokens, then verified as an OIDC JWT.
 * A request it lets through then counts towards its identity's rate limit (RequestRateLimiter).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: StaticTokens;
  private readonly oidc?: OidcVerifier;
  // A route's access is fixed by its decorators: read once per handler rather than on every request
  // (by controller too, as a handler a controller inherits takes that controller's decorators).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  private readonly accessByHandler = new WeakMap<Function, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(SECRETS) secrets: ResolvedSecrets,
    @Inject(CONFIG) config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly rateLimiter: RequestRateLimiter,
    private readonly clientRoles: ClientRolesRepository,
  ) {
    this.tokens = new StaticTokens(secrets.apiTokens);
    this.oidc = config.oidc && new OidcVerifier(config.oidc);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    await this.authorize(ctx);
    await this.rateLimiter.count(ctx);
    return true;
  }

  private async authorize(ctx: ExecutionContext): Promise<true> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const access = this.accessOf(ctx);
    const own = access.ownClient;
    if (access.public) {
      // Open to anyone, but a client certificate still speaks for its own client only.
      if (req.principal?.roles.includes('client') && own && !ownsClient(req.principal, req, own))
        throw forbidden('a client certificate may act on its own client only');
      return true;
    }
    const principal = req.principal ?? (await this.authenticate(req));
    req.principal = principal;
    if (principal.roles.some((r) => access.roles.includes(r))) return true;
    if (own && principal.roles.includes('client') && ownsClient(principal, req, own)) return true;
    if (access.clientAction && (await this.memberMay(principal, req, access.clientAction))) return true;
    if (own && principal.roles.includes('client'))
      throw forbidden(
        `a client certificate may act on its own client only${access.clientAction ? ', or as a role of another client allows' : ''}`,
      );
    throw forbidden(
      `this route needs the ${access.roles.join(' or ')} role${access.clientAction ? `, or ${describe(access.clientAction)}` : ''}`,
    );
  }

  /**
   * Whether the roles of the clients the request acts on grant the principal's actor every action it
   * needs. Read from the event store, not a read model: a member removed a moment ago is refused now.
   */
  private async memberMay(principal: Principal, req: FastifyRequest, access: ClientActionAccess): Promise<boolean> {
    const wanted = wantedActions(req, access);
    if (!wanted) return false;
    for (const [clientId, actions] of wanted) {
      const roles = await this.clientRoles.load(clientId);
      if (!actions.every((a) => roles.may(principal.actor, a))) return false;
    }
    return true;
  }

  private accessOf(ctx: ExecutionContext): RouteAccess {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let byController = this.accessByHandler.get(handler);
    if (!byController) this.accessByHandler.set(handler, (byController = new WeakMap()));
    let access = byController.get(controller);
    if (!access) byController.set(controller, (access = routeAccess(this.reflector, handler, controller)));
    return access;
  }

  private async authenticate(req: FastifyRequest): Promise<Principal> {
    const match = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw unauthorized();
    const token = this.tokens.match(match[1]);
    if (token) return { method: 'token', actor: `token:${token.name}`, roles: globalRoles([token.role]) };
    if (!this.oidc) throw unauthorized();
    try {
      const { subject, roles } = await this.oidc.verify(match[1]);
      return { method: 'oidc', actor: `oidc:${subject}`, roles: globalRoles(roles) };
    } catch (e) {
      if (e instanceof InvalidOidcToken) throw unauthorized();
      if (e instanceof OidcUnavailable) {
        this.logger.warn('OIDC issuer unavailable; bearer token not verified', { reason: e.message });
        throw new ApiError(
          503,
          'AUTHENTICATION_UNAVAILABLE',
          'the OIDC issuer could not be reached to verify the token; retry later',
          { 'Retry-After': String(OIDC_RETRY_AFTER_SECONDS) },
        );
      }
      throw e;
    }
  }
}

function ownsClient(principal: Principal, req: FastifyRequest, own: OwnClientParam): boolean {
  const given: unknown = (req.params as Record<string, unknown> | undefined)?.[own.param];
  if (typeof given !== 'string' || !principal.clientId) return false;
  if (own.kind === 'certificateSerial') return true;
  return (own.kind === 'detailsSecret' ? clientIdForDetailsSecret(given) : given) === principal.clientId;
}

function describe(access: ClientActionAccess): string {
  return 'connections' in access
    ? "a role of each client granting the connection's types (publish, subscribe)"
    : `a role of the client granting ${access.action}`;
}

function unauthorized(): ApiError {
  return new ApiError(401, 'UNAUTHORIZED', 'a valid bearer token is required', { 'WWW-Authenticate': 'Bearer' });
}

function forbidden(message: string): ApiError {
  return new ApiError(403, 'FORBIDDEN', message);
}
