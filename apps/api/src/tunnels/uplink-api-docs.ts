import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../openapi/error-codes';

const BODY: readonly ErrorCode[] = ['INVALID_JSON', 'INVALID_BODY', 'UNKNOWN_FIELD'];

/** The errors each kind of uplink route answers with, by status (docs/api/tunnels-and-namespaces.md lists them too). */
export const UPLINK_ERRORS = {
  body: BODY,
  query: ['INVALID_QUERY', 'UNKNOWN_QUERY_PARAMETER'],
  tunnelRef: ['INVALID_NAME', 'INVALID_NAMESPACE'],
} as const satisfies Record<string, readonly ErrorCode[]>;

/**
 * OpenAPI for one uplink route: tag, bearer auth, summary and description, the success answer,
 * and each error status with the codes it carries. 401, 403, 429, 500 and 503 AUTHENTICATION_UNAVAILABLE are on every route.
 */
export function UplinkRoute(opts: {
  tag: 'tunnels' | 'namespaces';
  summary: string;
  description: string;
  success: { status: number; description: string };
  errors: Partial<Record<400 | 404 | 409 | 503, readonly ErrorCode[]>>;
}) {
  const errors: Record<number, readonly string[] | undefined> = {
    ...opts.errors,
    401: ['UNAUTHORIZED (with WWW-Authenticate: Bearer)'],
    403: ['FORBIDDEN'],
    429: ['RATE_LIMITED'],
    500: ['INTERNAL_ERROR'],
    503: [...(opts.errors[503] ?? []), 'AUTHENTICATION_UNAVAILABLE'].map((code) => `${code} (with Retry-After)`),
  };
  return applyDecorators(
    ApiTags(opts.tag),
    ApiBearerAuth(),
    ApiOperation({ summary: opts.summary, description: opts.description }),
    ApiResponse(opts.success),
    ...Object.entries(errors).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        description: `{"statusCode","code","message"} with code ${(codes ?? []).join(', ')}`,
        ...(status === '429'
          ? {
              headers: {
                'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' } },
              },
            }
          : {}),
      }),
    ),
  );
}
