import { CLIENT_ERRORS } from '../clients/client-api-docs';
import { ErrorCode } from '../openapi/error-codes';

/** The errors each kind of role route answers with, besides AUTH_ERRORS and INTERNAL_ERROR. */
export const CLIENT_ROLE_ERRORS = {
  body: CLIENT_ERRORS.body,
  query: CLIENT_ERRORS.query,
  fields: ['INVALID_ROLE', 'UNKNOWN_ACTION'],
  client: CLIENT_ERRORS.existing,
  role: ['CLIENT_NOT_FOUND', 'ROLE_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
} as const satisfies Record<string, readonly ErrorCode[]>;
