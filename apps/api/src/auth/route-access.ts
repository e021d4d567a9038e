import { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE } from '@certplane/observability';
import { CLIENT_ACTION, ClientActionAccess, OWN_CLIENT, OwnClientParam, ROUTE_ROLES } from './access.decorators';
import { Role } from './principal';

/** Who may call a route, as its decorators say: read by the guard and by the OpenAPI document alike, so the two cannot drift. */
export interface RouteAccess {
  public: boolean;
  /** The roles that pass without condition; admin is always among them. */
  roles: Role[];
  /** Set when a `client` principal may call the route for its own client (that is, with its client certificate). */
  ownClient?: OwnClientParam;
  /** Set when a member of one of the client's roles may call the route with the action named. */
  clientAction?: ClientActionAccess;
}

// Types are loose on purpose: the guard hands over an execution context's handler and class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function routeAccess(reflector: Reflector, handler: Function, controller: Type<unknown>): RouteAccess {
  const targets = [handler, controller];
  const ownClient = reflector.getAllAndOverride<OwnClientParam | undefined>(OWN_CLIENT, targets);
  const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
  const clientAction = reflector.getAllAndOverride<ClientActionAccess | undefined>(CLIENT_ACTION, targets);
  return {
    public: isPublic,
    roles: ['admin', ...roles.filter((r) => r !== 'admin')],
    ...(ownClient ? { ownClient } : {}),
    ...(clientAction ? { clientAction } : {}),
  };
}

/** The roles that can get through: admin, the @Roles ones, and `client` on @OwnClient routes (its own client only). */
export function callerRoles(access: RouteAccess): Role[] {
  return access.ownClient ? [...access.roles, 'client'] : access.roles;
}
