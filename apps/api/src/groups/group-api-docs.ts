import { CLIENT_ERRORS } from '../clients/client-api-docs';
import { ErrorCode } from '../openapi/error-codes';

/** The errors each kind of group route answers with, besides AUTH_ERRORS and INTERNAL_ERROR. */
export const GROUP_ERRORS = {
  body: CLIENT_ERRORS.body,
  query: CLIENT_ERRORS.query,
  fields: ['INVALID_NAME', 'INVALID_METADATA', 'INVALID_GROUP'],
  existing: ['GROUP_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
} as const satisfies Record<string, readonly ErrorCode[]>;
