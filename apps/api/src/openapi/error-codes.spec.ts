import { ExecutionContext } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ValidationError } from '@certplane/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { ApiError } from '../http/api-error';
import { readBody } from '../http/request-body';
import { toErrorResponse } from '../http/error-response';
import { statusForDomainCode } from '../http/error-status';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';
import { BODY_ERRORS, ERROR_CODES, ErrorCode } from './error-codes';

// What body-parser raises for each body error code (json-body.ts answers them through toErrorResponse).
const BODY_PARSER_TYPES: Record<string, string> = {
  INVALID_JSON: 'entity.parse.failed',
  INVALID_REQUEST: 'request.size.invalid',
  PAYLOAD_TOO_LARGE: 'entity.too.large',
  UNSUPPORTED_ENCODING: 'encoding.unsupported',
};

/** What the api really answers for a code, by the path that raises it. */
function answered(code: ErrorCode): { statusCode: number; code: string } {
  if (code in BODY_PARSER_TYPES) return toErrorResponse({ type: BODY_PARSER_TYPES[code] }).body;
  if (code === 'INTERNAL_ERROR') return toErrorResponse(new Error('boom')).body;
  if (code === 'CERTIFICATE_PENDING') return toErrorResponse(new CertificatePendingError(2)).body;
  if (code === 'DATABASE_UNAVAILABLE') return toErrorResponse(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).body;
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
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('%s is documented with the status the api answers it with', (code) => {
    expect(answered(code)).toMatchObject({ statusCode: ERROR_CODES[code].status, code });
  });

  it('lists every body-parser error as a body error', () => {
    expect([...BODY_ERRORS].sort()).toEqual(Object.keys(BODY_PARSER_TYPES).sort());
  });

  it('answers a query cut by a Postgres shutdown as 503 DATABASE_UNAVAILABLE with Retry-After, a failed query as 500', () => {
    const cut = new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(toErrorResponse(cut)).toEqual({ body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; retry later' }, headers: { 'Retry-After': '2' } });
    const failed = new QueryFailedError('SELECT 1', [], Object.assign(new Error('division by zero'), { code: '22012' }));
    expect(toErrorResponse(failed).body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' });
  });

  it('agrees with how ApiError and domain errors are answered', () => {
    expect(toErrorResponse(new ApiError(401, 'UNAUTHORIZED', 'x')).body.statusCode).toBe(ERROR_CODES.UNAUTHORIZED.status);
    expect(toErrorResponse(new ValidationError('INVALID_HOSTNAME', 'x')).body.statusCode).toBe(ERROR_CODES.INVALID_HOSTNAME.status);
  });
});
