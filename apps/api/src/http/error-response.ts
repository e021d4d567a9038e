import { HttpException } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { DomainError } from '@certplane/domain';
import { isDatabaseUnavailable } from '@certplane/persistence';
import { ApiError } from './api-error';
import { statusForDomainCode } from './error-status';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}

// Errors body-parser raises before any handler runs, by their `type`.
const BODY_ERRORS: Record<string, ErrorBody> = {
  'entity.parse.failed': { statusCode: 400, code: 'INVALID_JSON', message: 'the request body is not valid JSON' },
  'entity.too.large': { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than 64 KiB' },
  'encoding.unsupported': {
    statusCode: 415,
    code: 'UNSUPPORTED_ENCODING',
    message: 'the request body encoding is not supported',
  },
  'charset.unsupported': {
    statusCode: 415,
    code: 'UNSUPPORTED_ENCODING',
    message: 'the request body charset is not supported',
  },
  'request.aborted': { statusCode: 400, code: 'REQUEST_ABORTED', message: 'the request was aborted' },
  'request.size.invalid': {
    statusCode: 400,
    code: 'INVALID_REQUEST',
    message: 'the request body size does not match Content-Length',
  },
};

const UNDECODABLE_BODY: ErrorBody = {
  statusCode: 400,
  code: 'INVALID_CONTENT_ENCODING',
  message: 'the request body does not decode as its Content-Encoding says',
};

/**
 * A gzip, deflate or br body that does not decompress: body-parser hands zlib's own error on,
 * with status 400 and zlib's errno but no `type`.
 */
function isUndecodableBody(error: unknown): boolean {
  const e = error as { status?: unknown; errno?: unknown; type?: unknown } | null;
  return typeof e === 'object' && e !== null && e.status === 400 && typeof e.errno === 'number' && e.type === undefined;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

const JSON_TYPE = 'application/json; charset=utf-8';

// A Postgres restart with crash recovery takes seconds.
const DATABASE_RETRY_AFTER_S = '2';

/** The one mapping from anything thrown to the answer the caller gets. */
export function toErrorResponse(error: unknown): { body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof ApiError)
    return { body: { statusCode: error.statusCode, code: error.code, message: error.message }, headers: error.headers };
  if (error instanceof DomainError)
    return {
      body: { statusCode: statusForDomainCode(error.code), code: error.code, message: error.message },
      headers: {},
    };
  const bodyError = BODY_ERRORS[(error as { type?: string })?.type ?? ''];
  if (bodyError) return { body: bodyError, headers: {} };
  if (isUndecodableBody(error)) return { body: UNDECODABLE_BODY, headers: {} };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest's own messages can quote the request: a path segment that does not decode comes back as
    // "Failed to decode param '<segment>'", and on /informationservice/details that segment is a credential.
    const message =
      status === 404
        ? 'no such route'
        : status === 400
          ? 'the request cannot be read: its path is not valid percent-encoding'
          : error.message;
    return { body: { statusCode: status, code: HTTP_CODES[status] ?? 'HTTP_ERROR', message }, headers: {} };
  }
  // Postgres down or restarting is an outage, not a fault of the request: the same call succeeds once it is back.
  if (isDatabaseUnavailable(error))
    return {
      body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; retry later' },
      headers: { 'Retry-After': DATABASE_RETRY_AFTER_S },
    };
  return { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' }, headers: {} };
}

/** Answers `error` in the one error shape, with its headers (Retry-After, WWW-Authenticate). */
export function writeErrorResponse(reply: FastifyReply, error: unknown): ErrorBody {
  const { body, headers } = toErrorResponse(error);
  void reply.code(body.statusCode).headers(headers).type(JSON_TYPE).send(JSON.stringify(body));
  return body;
}
