import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { ocspErrorResponse } from '@certplane/pki';
import { MEDIA_TYPES } from '../pki-media-types';

export const OCSP_PATH = '/pki/ocsp';
// OCSP requests are a few hundred bytes; signed ones with certificates attached stay well below this.
const MAX_OCSP_REQUEST_BYTES = 16 * 1024;

/**
 * Takes OCSP requests off the wire ahead of the JSON parser and the router, mounted on OCSP_PATH. A POST body
 * is DER, read as bytes whatever its Content-Type (the JSON parser skips a body already read). What cannot
 * even be read (a body too large or cut off, a GET path that is not valid percent-encoding, which the router
 * would refuse with a JSON 400) is answered here with malformedRequest, as an OCSP client expects.
 */
export function ocspRequestReader(): RequestHandler {
  const readBody = express.raw({ type: () => true, limit: MAX_OCSP_REQUEST_BYTES });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && getRequestDer(req.originalUrl) === undefined) return answerMalformed(res);
    readBody(req, res, (err?: unknown) => (err ? answerMalformed(res) : next()));
  };
}

/** The DER of a GET request: base64, then URL-encoded, after OCSP_PATH. Undefined when it does not decode. */
export function getRequestDer(originalUrl: string): Uint8Array | undefined {
  const path = originalUrl.split('?')[0];
  if (!path.startsWith(`${OCSP_PATH}/`)) return new Uint8Array();
  try {
    return Buffer.from(decodeURIComponent(path.slice(OCSP_PATH.length + 1)), 'base64');
  } catch {
    return undefined;
  }
}

function answerMalformed(res: Response): void {
  res
    .status(200)
    .type(MEDIA_TYPES.ocspResponse)
    .send(Buffer.from(ocspErrorResponse('malformedRequest')));
}
