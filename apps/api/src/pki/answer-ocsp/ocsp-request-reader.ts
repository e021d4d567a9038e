import bodyParser from 'body-parser';
import { FastifyReply } from 'fastify';
import { ocspErrorResponse } from '@certplane/pki';
import { MEDIA_TYPES } from '../pki-media-types';
import { BodyReader, bodyReader } from '../../http/body-reader';

export const OCSP_PATH = '/pki/ocsp';
// OCSP requests are a few hundred bytes; signed ones with certificates attached stay well below this.
const MAX_OCSP_REQUEST_BYTES = 16 * 1024;

/**
 * Reads a POST OCSP request as bytes whatever its Content-Type. What cannot even be read (a body too large or
 * cut off) is read as no request, which the responder answers malformedRequest, as an OCSP client expects.
 */
export function ocspRequestReader(): BodyReader {
  const read = bodyReader(bodyParser.raw({ type: () => true, limit: MAX_OCSP_REQUEST_BYTES }));
  return (req, done) => read(req, (err, body) => done(null, err ? Buffer.alloc(0) : body));
}

/** The DER of a GET request: base64, then URL-encoded, after OCSP_PATH. Undefined when it does not decode. */
export function getRequestDer(url: string): Uint8Array | undefined {
  const path = url.split('?')[0];
  if (!path.startsWith(`${OCSP_PATH}/`)) return new Uint8Array();
  try {
    return Buffer.from(decodeURIComponent(path.slice(OCSP_PATH.length + 1)), 'base64');
  } catch {
    return undefined;
  }
}

/** OCSP's answer to what is no OCSP request: malformedRequest, with HTTP 200. */
export function answerMalformedOcsp(reply: FastifyReply): void {
  void reply
    .status(200)
    .type(MEDIA_TYPES.ocspResponse)
    .send(Buffer.from(ocspErrorResponse('malformedRequest')));
}
