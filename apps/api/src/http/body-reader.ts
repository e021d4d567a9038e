import { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a request's body off the wire: the body, or the error that says why it cannot be read. */
export type BodyReader = (req: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => void;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** body-parser's parsers read the request alone: its rules, limits and errors are kept as they are. */
export function bodyReader(parse: Middleware): BodyReader {
  return (req, done) =>
    parse(req, undefined as unknown as ServerResponse, (err?: unknown) =>
      err ? done(err as Error) : done(null, (req as IncomingMessage & { body?: unknown }).body),
    );
}
