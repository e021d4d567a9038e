import { FastifyRequest } from 'fastify';
import { ClientAction, isClientId, isConnectionType } from '@certplane/domain';
import { ClientActionAccess } from './access.decorators';

/**
 * The actions a request needs, by client id; undefined when the request does not say which
 * clients in a form the guard can trust (it then passes only with a global role). The route's
 * own validation still runs after the guard, on the same parameters and body.
 */
export function wantedActions(
  req: FastifyRequest,
  access: ClientActionAccess,
): Map<string, ClientAction[]> | undefined {
  if (!('connections' in access)) {
    const clientId: unknown = (req.params as Record<string, unknown> | undefined)?.[access.param];
    return isClientId(clientId) ? new Map([[clientId, [access.action]]]) : undefined;
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const { client_ids, types } = body as { client_ids?: unknown; types?: unknown };
  if (!Array.isArray(client_ids) || client_ids.length === 0 || !Array.isArray(types) || types.length === 0)
    return undefined;
  if (!client_ids.every(isClientId) || !types.every(isConnectionType)) return undefined;
  // A connection's type is the action a member needs on the client: publish or subscribe.
  return new Map(client_ids.map((id) => [id, [...new Set(types)]]));
}
