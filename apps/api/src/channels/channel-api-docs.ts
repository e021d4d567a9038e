import { CLIENT_ERRORS } from '../clients/client-api-docs';
import { ErrorCode } from '../openapi/error-codes';

/** The errors each kind of channel route answers with, besides AUTH_ERRORS and INTERNAL_ERROR. */
export const CHANNEL_ERRORS = {
  body: CLIENT_ERRORS.body,
  fields: ['INVALID_NAME', 'INVALID_TAGS', 'INVALID_METADATA', 'INVALID_ROUTE', 'ROUTE_ALREADY_TAKEN'],
  query: CLIENT_ERRORS.query,
  existing: ['CHANNEL_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
  connection: ['INVALID_CONNECTION'],
} as const satisfies Record<string, readonly ErrorCode[]>;
