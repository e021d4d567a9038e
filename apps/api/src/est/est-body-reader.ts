import bodyParser from 'body-parser';
import { BodyReader, bodyReader } from '../http/body-reader';

export const EST_PATH = '/.well-known/est';
// A base64 P-256 CSR is well under 1 KiB; 16 KiB leaves room for attributes without inviting bulk.
export const MAX_EST_BODY_BYTES = 16 * 1024;

/**
 * Reads EST bodies (base64 text, RFC 7030 section 4) whatever their Content-Type. A body too large or cut
 * short fails with body-parser's error, answered in the API's error shape (413 PAYLOAD_TOO_LARGE, 400 INVALID_REQUEST).
 */
export function estBodyReader(): BodyReader {
  return bodyReader(bodyParser.text({ type: () => true, limit: MAX_EST_BODY_BYTES }));
}
