import { SetMetadata } from '@nestjs/common';
import { ClientAction } from '@certplane/domain';
import { Role } from './principal';

export { Public } from '@certplane/observability';

/** Route metadata read by AuthGuard. */
export const ROUTE_ROLES = 'certplane:route-roles';
export const OWN_CLIENT = 'certplane:own-client';
export const CLIENT_ACTION = 'certplane:client-action';

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

/**
 * Where a principal without the route's global role may still pass: when a role of the client the
 * route acts on grants its actor `action`. `param` names the client id path parameter; `connections`
 * is POST /channels/:id/connect and /disconnect, whose body names the clients and the types, each
 * type its action (publish, subscribe) on each client.
 */
export type ClientActionAccess = { action: ClientAction; param: string } | { connections: true };

export const MemberMay = (action: ClientAction, param = 'id') =>
  SetMetadata(CLIENT_ACTION, { action, param } satisfies ClientActionAccess);

export const MemberMayConnect = () => SetMetadata(CLIENT_ACTION, { connections: true } satisfies ClientActionAccess);
