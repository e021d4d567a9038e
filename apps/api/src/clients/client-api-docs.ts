import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { AUTH_ERRORS, BODY_ERRORS, ErrorCode } from '../openapi/error-codes';

/** The errors each kind of client route answers with, besides AUTH_ERRORS and INTERNAL_ERROR. */
export const CLIENT_ERRORS = {
  body: [...BODY_ERRORS, 'INVALID_BODY', 'UNKNOWN_FIELD'],
  identity: [
    'INVALID_NAME',
    'RESERVED_NAME',
    'INVALID_IP_ADDRESS',
    'RESERVED_IP_ADDRESS',
    'INVALID_HOSTNAME',
    'RESERVED_HOSTNAME',
    'PARAMETERS_NOT_APPROPRIATE',
    'INVALID_TAGS',
    'INVALID_METADATA',
    'CLIENT_ALREADY_EXISTS',
    'DUPLICATE_IP',
    'DUPLICATE_HOSTNAME',
  ],
  profile: [
    'UNKNOWN_PROFILE',
    'INVALID_SANS',
    'SAN_KIND_NOT_ALLOWED',
    'TOO_MANY_SANS',
    'SAN_PATTERN_MISMATCH',
    'KEY_TYPE_NOT_ALLOWED',
    'DUPLICATE_SAN',
  ],
  query: ['INVALID_QUERY', 'UNKNOWN_QUERY_PARAMETER'],
  existing: ['CLIENT_NOT_FOUND', 'CONCURRENCY_CONFLICT'],
} as const satisfies Record<string, readonly ErrorCode[]>;

/** OpenAPI for one /clients, /certificates, /enrolment-tokens, /channels, /profiles or console route: tag, bearer auth, summary, description, success and error answers. */
export function ClientRoute(opts: {
  tag?:
    | 'clients'
    | 'certificates'
    | 'enrolment-tokens'
    | 'channels'
    | 'client-roles'
    | 'groups'
    | 'profiles'
    | 'console'
    | 'pki';
  summary: string;
  description: string;
  success: { status: number; description: string };
  errors: readonly ErrorCode[];
}) {
  return applyDecorators(
    ApiTags(opts.tag ?? 'clients'),
    ApiBearerAuth(),
    ApiOperation({ summary: opts.summary, description: opts.description }),
    ApiResponse(opts.success),
    ApiErrors(...AUTH_ERRORS, ...opts.errors),
  );
}
