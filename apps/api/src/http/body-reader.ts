import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error';
import { toErrorResponse } from './error-response';

/** Reads a request's body off the wire: the body, or the error that says why it cannot be read. */
export type BodyReader = (req: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => void;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * body-parser's parsers read the request alone: its rules, limits and errors are kept as they are. An error
 * leaves as the ApiError it is answered with: Nest would otherwise take body-parser's SyntaxError for its own 400.
 */
export function bodyReader(parse: Middleware): BodyReader {
  return (req, done) =>
    parse(req, undefined as unknown as ServerResponse, (err?: unknown) => {
      if (!err) return done(null, (req as IncomingMessage & { body?: unknown }).body);
      const { body, headers } = toErrorResponse(err);
      done(new ApiError(body.statusCode, body.code, body.message, headers));
    });
}
