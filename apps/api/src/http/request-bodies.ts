import { FastifyInstance } from 'fastify';
import { EST_PATH, estBodyReader } from '../est/est-body-reader';
import { OCSP_PATH, ocspRequestReader } from '../pki/answer-ocsp/ocsp-request-reader';
import { jsonBody } from './json-body';
import { pathOf } from './path-of';

/**
 * The one reader of request bodies, whatever their Content-Type: OCSP requests as DER bytes, EST requests as
 * base64 text, everything else as JSON. It runs after the onRequest hooks and the router.
 */
export function readRequestBodies(fastify: FastifyInstance): void {
  const ocsp = ocspRequestReader();
  const est = estBodyReader();
  const json = jsonBody();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const path = pathOf(request.url);
    const read = isUnder(path, OCSP_PATH) ? ocsp : isUnder(path, EST_PATH) ? est : json;
    read(request.raw, (err, body) => done(null, err ? new UnreadableBody(err) : body));
  });
  // Refused here rather than by the parser, which would also close the connection: node discards what is left of
  // the body, and the caller's next request on the connection is read as usual.
  fastify.addHook('preValidation', (request, _reply, done) =>
    done(request.body instanceof UnreadableBody ? request.body.error : undefined),
  );
}

/** The body of a request whose body could not be read, and why. */
class UnreadableBody {
  constructor(readonly error: Error) {}
}

/** Whether a path is `mount` or below it, as a middleware mounted there saw it. */
function isUnder(path: string, mount: string): boolean {
  return path === mount || path.startsWith(`${mount}/`);
}
