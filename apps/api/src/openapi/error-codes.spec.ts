import { ClientRoles } from '@certplane/domain';
import { ClientRolesRepository } from '@certplane/event-store';
import { BadRequestException, ExecutionContext, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadConfig } from '@certplane/config';
import { QueryFailedError } from 'typeorm';
import { ValidationError } from '@certplane/domain';
import { ReadModelUpdates } from '@certplane/read-model';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/access.decorators';
import { CertificateRejectedError } from '../auth/certificate-rejected.error';
import { ApiError } from '../http/api-error';
import { awaitReadModel } from '../http/read-model-wait';
import { readBody } from '../http/request-body';
import { toErrorResponse } from '../http/error-response';
import { statusForDomainCode } from '../http/error-status';
import { RateLimitedError } from '../abuse/rate-limited.error';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';
import { NoValidCertificateError } from '../information/get-client-details/no-valid-certificate.error';
import { readSerialNumberParam } from '../certificates/serial-number-param';
import { readRevocationFilter } from '../certificates/revoke-certificates/revocation-filter';
import { ClientCertificateRequiredError } from '../est/client-certificate-required.error';
import { IssuerKeyUnavailableError } from '../pki/get-crl/issuer-key-unavailable.error';
import { BODY_ERRORS, ERROR_CODES, ErrorCode } from './error-codes';

/** No client has roles here: a principal without a global role passes nowhere (member access is tested end to end). */
const noClientRoles = {
  load: async (id: string) => ClientRoles.fromHistory(id, []),
} as unknown as ClientRolesRepository;

// What body-parser raises for each body error code (body-reader.ts answers them through toErrorResponse).
// INVALID_CONTENT_ENCODING has no type: body-parser passes zlib's error on (see ZLIB_ERROR).
const BODY_PARSER_TYPES: Record<string, string> = {
  INVALID_JSON: 'entity.parse.failed',
  INVALID_REQUEST: 'request.size.invalid',
  PAYLOAD_TOO_LARGE: 'entity.too.large',
  UNSUPPORTED_ENCODING: 'encoding.unsupported',
};

// What body-parser hands on for `Content-Encoding: gzip` over bytes that are not gzip.
const ZLIB_ERROR = Object.assign(new Error('incorrect header check'), {
  errno: -3,
  code: 'Z_DATA_ERROR',
  expose: true,
  statusCode: 400,
  status: 400,
});

/** What the api really answers for a code, by the path that raises it. */
async function answered(code: ErrorCode): Promise<{ statusCode: number; code: string }> {
  if (code in BODY_PARSER_TYPES) return toErrorResponse({ type: BODY_PARSER_TYPES[code] }).body;
  if (code === 'INVALID_CONTENT_ENCODING') return toErrorResponse(ZLIB_ERROR).body;
  if (code === 'INTERNAL_ERROR') return toErrorResponse(new Error('boom')).body;
  if (code === 'RATE_LIMITED') return toErrorResponse(new RateLimitedError(3)).body;
  if (code === 'CERTIFICATE_REJECTED') return toErrorResponse(new CertificateRejectedError('it has expired')).body;
  if (code === 'CERTIFICATE_PENDING') return toErrorResponse(new CertificatePendingError(2)).body;
  if (code === 'ISSUER_KEY_UNAVAILABLE') return toErrorResponse(new IssuerKeyUnavailableError('i', 60)).body;
  if (code === 'NO_VALID_CERTIFICATE') return toErrorResponse(new NoValidCertificateError('keyCompromise')).body;
  if (code === 'INVALID_SERIAL_NUMBER') return thrownBy(() => readSerialNumberParam('not-hex'));
  if (code === 'INVALID_FILTER') return thrownBy(() => readRevocationFilter({}));
  if (code === 'CLIENT_CERTIFICATE_REQUIRED') return toErrorResponse(new ClientCertificateRequiredError()).body;
  if (code === 'DATABASE_UNAVAILABLE')
    return toErrorResponse(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
      .body;
  if (code === 'NOT_FOUND') return toErrorResponse(new NotFoundException()).body;
  if (code === 'BAD_REQUEST') return toErrorResponse(new BadRequestException('Failed to decode param')).body;
  if (code === 'READ_MODEL_PENDING')
    return awaitReadModel(async () => undefined, { waitMs: 0, retryAfterSeconds: 1 }, new ReadModelUpdates()).then(
      () => ({ statusCode: 0, code: 'none' }),
      (e) => toErrorResponse(e).body,
    );
  if (code === 'INVALID_BODY') return thrownBy(() => readBody([], ['name']));
  if (code === 'UNKNOWN_FIELD') return thrownBy(() => readBody({ nome: 'x' }, ['name']));
  if (code === 'UNAUTHORIZED') return rejectedBy(guard().canActivate(routeCall({})));
  if (code === 'FORBIDDEN')
    return rejectedBy(guard().canActivate(routeCall({ authorization: `Bearer ${OPERATOR_TOKEN}` }, AdminOnlyRoute)));
  if (code === 'AUTHENTICATION_UNAVAILABLE') {
    // An issuer on a port nothing listens on: discovery fails, the token cannot be judged.
    const oidc = loadConfig({
      CERTPLANE_OIDC_ISSUER_URL: 'http://127.0.0.1:9/',
      CERTPLANE_OIDC_AUDIENCE: 'certplane',
    }).oidc;
    return rejectedBy(guard(oidc).canActivate(routeCall({ authorization: `Bearer ${UNSIGNED_RS256_JWT}` })));
  }
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

async function rejectedBy(p: Promise<unknown>): Promise<{ statusCode: number; code: string }> {
  try {
    await p;
  } catch (e) {
    return toErrorResponse(e).body;
  }
  throw new Error('expected an error');
}

const OPERATOR_TOKEN = 'o'.repeat(32);
// Header {"alg":"RS256"}, so the guard goes as far as fetching the issuer's keys.
const UNSIGNED_RS256_JWT = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;

class AdminOnlyRoute {
  route() {}
}
class OperatorRoute {
  @Roles('operator')
  route() {}
}

function guard(oidc?: ReturnType<typeof loadConfig>['oidc']): AuthGuard {
  const secrets = {
    apiTokens: [{ name: 'ops', role: 'operator' as const, token: OPERATOR_TOKEN }],
    encryptionKey: '',
    apiTokenGenerated: false,
  };
  const logger = { info() {}, warn() {}, error() {}, debug() {} };
  const noRateLimit = { count: async () => undefined } as never;
  return new AuthGuard(new Reflector(), secrets, { ...loadConfig({}), oidc }, logger, noRateLimit, noClientRoles);
}

/** A call of route with these headers. */
function routeCall(
  headers: Record<string, string>,
  route: typeof AdminOnlyRoute | typeof OperatorRoute = OperatorRoute,
): ExecutionContext {
  const req = { params: {}, headers };
  return {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => route.prototype.route,
    getClass: () => route,
  } as unknown as ExecutionContext;
}

describe('the documented error codes', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])(
    '%s is documented with the status the api answers it with',
    async (code) => {
      expect(await answered(code)).toMatchObject({ statusCode: ERROR_CODES[code].status, code });
    },
  );

  it('lists every body-parser error as a body error', () => {
    expect([...BODY_ERRORS].sort()).toEqual([...Object.keys(BODY_PARSER_TYPES), 'INVALID_CONTENT_ENCODING'].sort());
  });

  it('answers a query cut by a Postgres shutdown as 503 DATABASE_UNAVAILABLE with Retry-After, a failed query as 500', () => {
    const cut = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    expect(toErrorResponse(cut)).toEqual({
      body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; retry later' },
      headers: { 'Retry-After': '2' },
    });
    const failed = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('division by zero'), { code: '22012' }),
    );
    expect(toErrorResponse(failed).body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'internal error',
    });
  });

  it('agrees with how ApiError and domain errors are answered', () => {
    expect(toErrorResponse(new ApiError(401, 'UNAUTHORIZED', 'x')).body.statusCode).toBe(
      ERROR_CODES.UNAUTHORIZED.status,
    );
    expect(toErrorResponse(new ValidationError('INVALID_HOSTNAME', 'x')).body.statusCode).toBe(
      ERROR_CODES.INVALID_HOSTNAME.status,
    );
  });
});
