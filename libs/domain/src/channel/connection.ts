import { isClientId } from '../client/client-id';
import { InvalidConnectionError } from './channel.errors';

export const CONNECTION_TYPES = ['publish', 'subscribe'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

/** One connect or disconnect names at most this many clients: one append, one statement. */
export const MAX_CLIENTS_PER_CONNECT = 1000;

/** What POST /channels/:id/connect and /disconnect name: distinct client ids and distinct types. */
export interface ConnectionRequest {
  clientIds: string[];
  types: ConnectionType[];
}

export function isConnectionType(value: unknown): value is ConnectionType {
  return typeof value === 'string' && (CONNECTION_TYPES as readonly string[]).includes(value);
}

/** Duplicates are refused, not merged, as for tags: what is recorded is what was sent. */
export function assertValidConnectionRequest(input: { clientIds: unknown; types: unknown }): ConnectionRequest {
  const { clientIds, types } = input;
  if (!Array.isArray(clientIds) || clientIds.length === 0 || clientIds.length > MAX_CLIENTS_PER_CONNECT) {
    throw new InvalidConnectionError(`client_ids must be an array of 1-${MAX_CLIENTS_PER_CONNECT} client ids`);
  }
  if (!clientIds.every(isClientId))
    throw new InvalidConnectionError('each of client_ids must be a client id (32 lowercase hex)');
  if (new Set(clientIds).size !== clientIds.length) throw new InvalidConnectionError('client_ids names a client twice');
  if (!Array.isArray(types) || types.length === 0 || types.length > CONNECTION_TYPES.length)
    throw new InvalidConnectionError(`types must be an array of ${CONNECTION_TYPES.join(' and/or ')}`);
  if (!types.every(isConnectionType))
    throw new InvalidConnectionError(`each of types must be one of ${CONNECTION_TYPES.join(', ')}`);
  if (new Set(types).size !== types.length) throw new InvalidConnectionError('types names a type twice');
  return { clientIds: [...clientIds], types: [...types] };
}
