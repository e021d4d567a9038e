import { INestApplication, Type } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { callerRoles, routeAccess, RouteAccess } from '../auth/route-access';

export const BEARER_SCHEME = 'bearer';
/** Where each operation lists the roles that may call it; [] for a public route. */
export const ROLES_EXTENSION = 'x-certplane-roles';
/** Set on operations a client certificate may call: the path parameter naming its own client. */
export const OWN_CLIENT_EXTENSION = 'x-certplane-own-client';
/** Set on operations a member of a client's role may call: the action it needs (`connection types` for connect and disconnect). */
export const CLIENT_ACTION_EXTENSION = 'x-certplane-client-action';
/** OpenAPI 3.0 has no mutualTLS security scheme type (3.1 does), so mutual TLS is described in this extension. */
export const MUTUAL_TLS_EXTENSION = 'x-certplane-mutual-tls';

export interface RouteHandler {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  handler: Function;
  controller: Type<unknown>;
}

/** Every route handler of the app, keyed by the operationId @nestjs/swagger gives it (`Controller_method`). */
export function routeHandlersByOperationId(app: INestApplication): Map<string, RouteHandler> {
  const found = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = proto[key];
        if (
          key === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        found.set(`${controller.name}_${key}`, { handler, controller });
      }
    }
  }
  return found;
}

/** The access of every route handler, keyed by operationId. */
export function routeAccessByOperationId(app: INestApplication): Map<string, RouteAccess> {
  const reflector = app.get(Reflector);
  return new Map(
    [...routeHandlersByOperationId(app)].map(([id, { handler, controller }]) => [
      id,
      routeAccess(reflector, handler, controller),
    ]),
  );
}

/**
 * Writes onto each operation who may call it, from the same decorator metadata the auth guard
 * enforces: the roles (x-certplane-roles), the security requirement (bearer, or none for a public
 * route) and, where a client certificate may call it, the parameter naming its own client.
 */
export function documentRouteSecurity(app: INestApplication, document: OpenAPIObject): void {
  const access = routeAccessByOperationId(app);
  for (const methods of Object.values(document.paths)) {
    for (const op of Object.values(methods) as Array<Record<string, unknown>>) {
      const route = typeof op?.operationId === 'string' ? access.get(op.operationId) : undefined;
      if (!route) continue;
      op[ROLES_EXTENSION] = route.public ? [] : callerRoles(route);
      op.security = route.public ? [] : [{ [BEARER_SCHEME]: [] }];
      if (route.ownClient) op[OWN_CLIENT_EXTENSION] = route.ownClient.param;
      if (route.clientAction)
        op[CLIENT_ACTION_EXTENSION] =
          'connections' in route.clientAction ? 'connection types' : route.clientAction.action;
    }
  }
}
