import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { writeErrorResponse } from './error-response';

export const MAX_BODY_BYTES = 64 * 1024;
/** POST /clients/bulk carries up to 1,000 clients. */
export const MAX_BULK_BODY_BYTES = 1024 * 1024;
const BULK_PATH = '/clients/bulk';

/**
 * Bodies are JSON whatever the Content-Type says: clients migrating to certplane send
 * `curl -d '{...}'`, which labels JSON as a form. Parse errors are answered here with the same
 * error shape, because they happen before Nest's filters are in play.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ type: () => true, limit: MAX_BODY_BYTES, strict: true });
  const parseBulk = express.json({ type: () => true, limit: MAX_BULK_BODY_BYTES, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === BULK_PATH ? parseBulk : parse)(req, res, (err?: unknown) => {
      if (!err) return next();
      writeErrorResponse(res, err);
    });
}
