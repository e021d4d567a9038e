import { SetMetadata } from '@nestjs/common';
import { Role } from './principal';

export { Public } from '@certplane/observability';

/** Route metadata read by AuthGuard. */
export const ROUTE_ROLES = 'certplane:route-roles';
export const OWN_CLIENT = 'certplane:own-client';

/**
 * The roles that may call a route; admin may call everything and is implied. A route with
 * neither @Roles nor @Public is admin-only, so a route added without thought is not wide open.
 */
export const Roles = (...roles: Exclude<Role, 'admin' | 'client'>[]) => SetMetadata(ROUTE_ROLES, roles);

/**
 * Where a route names the client it acts on: `id` is the client id route parameter, `detailsSecret`
 * the details secret parameter (the client id is derived from it), `certificateSerial` the serial of
 * one of the client's certificates. Which client holds a serial is for the store to say, so for that
 * kind the guard lets any client certificate through and the route's handler must refuse a serial of
 * another client (see RevokeCertificateHandler).
 */
export interface OwnClientParam {
  param: string;
  kind: 'clientId' | 'detailsSecret' | 'certificateSerial';
}

/** Lets a `client` principal (a client certificate) call the route for its own client only. */
export const OwnClient = (param: string, kind: OwnClientParam['kind'] = 'clientId') =>
  SetMetadata(OWN_CLIENT, { param, kind } satisfies OwnClientParam);
