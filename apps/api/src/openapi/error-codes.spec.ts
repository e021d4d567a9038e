import { BadRequestException, ExecutionContext, NotFoundException } from '@nestjs/common';
import { ValidationError } from '@certplane/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { ApiError } from '../http/api-error';
import { awaitReadModel } from '../http/read-model-wait';
import { readBody } from '../http/request-body';
import { toErrorResponse } from '../http/error-response';
import { statusForDomainCode } from '../http/error-status';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';
import { BODY_ERRORS, ERROR_CODES, ErrorCode } from './error-codes';

// What body-parser raises for each body error code (json-body.ts answers them through toErrorResponse).
// INVALID_CONTENT_ENCODING has no type: body-parser passes zlib's error on (see ZLIB_ERROR).
const BODY_PARSER_TYPES: Record<string, string> = {
  INVALID_JSON: 'entity.parse.failed',
  INVALID_REQUEST: 'request.size.invalid',
  PAYLOAD_TOO_LARGE: 'entity.too.large',
  UNSUPPORTED_ENCODING: 'encoding.unsupported',
};

// What body-parser hands on for `Content-Encoding: gzip` over bytes that are not gzip.
const ZLIB_ERROR = Object.assign(new Error('incorrect header check'), { errno: -3, code: 'Z_DATA_ERROR', expose: true, statusCode: 400, status: 400 });

/** What the api really answers for a code, by the path that raises it. */
async function answered(code: ErrorCode): Promise<{ statusCode: number; code: string }> {
  if (code in BODY_PARSER_TYPES) return toErrorResponse({ type: BODY_PARSER_TYPES[code] }).body;
  if (code === 'INVALID_CONTENT_ENCODING') return toErrorResponse(ZLIB_ERROR).body;
  if (code === 'INTERNAL_ERROR') return toErrorResponse(new Error('boom')).body;
  if (code === 'CERTIFICATE_PENDING') return toErrorResponse(new CertificatePendingError(2)).body;
  if (code === 'NOT_FOUND') return toErrorResponse(new NotFoundException()).body;
  if (code === 'BAD_REQUEST') return toErrorResponse(new BadRequestException('Failed to decode param')).body;
  if (code === 'READ_MODEL_PENDING') return awaitReadModel(async () => undefined, { waitMs: 0, retryAfterSeconds: 1 }).then(() => ({ statusCode: 0, code: 'none' }), (e) => toErrorResponse(e).body);
  if (code === 'INVALID_BODY') return thrownBy(() => readBody([], ['name']));
  if (code === 'UNKNOWN_FIELD') return thrownBy(() => readBody({ nome: 'x' }, ['name']));
  if (code === 'UNAUTHORIZED') return thrownBy(() => new BearerTokenGuard({ apiToken: 't'.repeat(32), encryptionKey: '', apiTokenGenerated: false }).canActivate(requestWithoutToken));
  return { statusCode: statusForDomainCode(code), code };
}

function thrownBy(fn: () => unknown): { statusCode: number; code: string } {
  try {
    fn();
  } catch (e) {
    return toErrorResponse(e).body;
  }
  throw new Error('expected an error');
}

const requestWithoutToken = { switchToHttp: () => ({ getRequest: () => ({ header: () => undefined }) }) } as unknown as ExecutionContext;

describe('the documented error codes', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('%s is documented with the status the api answers it with', async (code) => {
    expect(await answered(code)).toMatchObject({ statusCode: ERROR_CODES[code].status, code });
  });

  it('lists every body-parser error as a body error', () => {
    expect([...BODY_ERRORS].sort()).toEqual([...Object.keys(BODY_PARSER_TYPES), 'INVALID_CONTENT_ENCODING'].sort());
  });

  it('agrees with how ApiError and domain errors are answered', () => {
    expect(toErrorResponse(new ApiError(401, 'UNAUTHORIZED', 'x')).body.statusCode).toBe(ERROR_CODES.UNAUTHORIZED.status);
    expect(toErrorResponse(new ValidationError('INVALID_HOSTNAME', 'x')).body.statusCode).toBe(ERROR_CODES.INVALID_HOSTNAME.status);
  });
});
