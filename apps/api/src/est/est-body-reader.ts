import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { writeErrorResponse } from '../http/error-response';

export const EST_PATH = '/.well-known/est';
// A base64 P-256 CSR is well under 1 KiB; 16 KiB leaves room for attributes without inviting bulk.
export const MAX_EST_BODY_BYTES = 16 * 1024;

/**
 * Takes EST bodies (base64 text, RFC 7030 section 4) off the wire ahead of the JSON parser, whatever
 * their Content-Type, mounted on EST_PATH. A body too large or cut short is answered here, in the
 * API's error shape (413 PAYLOAD_TOO_LARGE, 400 INVALID_REQUEST).
 */
export function estBodyReader(): RequestHandler {
  const read = express.text({ type: () => true, limit: MAX_EST_BODY_BYTES });
  return (req: Request, res: Response, next: NextFunction) =>
    read(req, res, (err?: unknown) => (err ? void writeErrorResponse(res, err) : next()));
}
