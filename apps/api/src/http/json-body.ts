import bodyParser from 'body-parser';
import { BodyReader, bodyReader } from './body-reader';
import { pathOf } from './path-of';

export const MAX_BODY_BYTES = 64 * 1024;
/** POST /clients/bulk carries up to 1,000 clients. */
export const MAX_BULK_BODY_BYTES = 1024 * 1024;
const BULK_PATH = '/clients/bulk';

/**
 * Bodies are JSON whatever the Content-Type says: clients migrating to certplane send
 * `curl -d '{...}'`, which labels JSON as a form. A body that cannot be read fails with body-parser's
 * error, which ErrorResponseFilter answers in the one error shape.
 */
export function jsonBody(): BodyReader {
  const parse = bodyReader(bodyParser.json({ type: () => true, limit: MAX_BODY_BYTES, strict: true }));
  const parseBulk = bodyReader(bodyParser.json({ type: () => true, limit: MAX_BULK_BODY_BYTES, strict: true }));
  return (req, done) => (pathOf(req.url ?? '') === BULK_PATH ? parseBulk : parse)(req, done);
}
