import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from './error-codes';
import { ErrorResponseSchema } from './error-response.schema';

/**
 * Documents the errors a route answers with: one response per status, listing its codes, with
 * an example body for each. INTERNAL_ERROR and RATE_LIMITED are added to every route, since any
 * route can fail unexpectedly, and any caller can be rate limited.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, 'RATE_LIMITED', 'INTERNAL_ERROR'])) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({
        status,
        type: ErrorResponseSchema,
        description: list.map((code) => `${code}: ${ERROR_CODES[code].meaning}`).join('; '),
        ...(status === 401
          ? { headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } } }
          : {}),
        ...(status === 429 || status === 503
          ? {
              headers: {
                'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'integer' } },
              },
            }
          : {}),
        examples: Object.fromEntries(
          list.map((code) => [
            code,
            {
              summary: ERROR_CODES[code].meaning,
              value: { statusCode: status, code, message: ERROR_CODES[code].meaning },
            },
          ]),
        ),
      }),
    ),
  );
}
