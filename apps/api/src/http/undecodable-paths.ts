import { FastifyError, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { answerMalformedOcsp, OCSP_PATH } from '../pki/answer-ocsp/ocsp-request-reader';
import { ApiError } from './api-error';
import { writeErrorResponse } from './error-response';
import { pathOf } from './path-of';

const UNDECODABLE = new ApiError(
  400,
  'BAD_REQUEST',
  'the request cannot be read: its path is not valid percent-encoding',
);

/**
 * fastify's router refuses a path that does not percent-decode before any hook runs (FST_ERR_BAD_URL). Such a
 * request still goes through the api's onRequest hooks (its ids, headers, log line, address limits), then gets
 * 400 BAD_REQUEST, which never quotes the path (on /informationservice/details it holds a credential); under
 * /pki/ocsp it gets OCSP's malformedRequest, as an OCSP client expects.
 */
export class UndecodablePaths {
  private hooks: onRequestHookHandler[] = [];

  /** The hooks every request goes through, in order, once the api has them. */
  runFirst(hooks: onRequestHookHandler[]): void {
    this.hooks = hooks;
  }

  readonly answer = (error: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    void this.runHooks(req, reply).then(
      () => {
        if (reply.sent) return;
        if (error.code !== 'FST_ERR_BAD_URL') return void writeErrorResponse(reply, error);
        const path = pathOf(req.url);
        if (path.startsWith(`${OCSP_PATH}/`)) return answerMalformedOcsp(reply);
        writeErrorResponse(reply, UNDECODABLE);
      },
      (e: unknown) => void writeErrorResponse(reply, e),
    );
  };

  private async runHooks(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const hook of this.hooks) {
      if (reply.sent) return;
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => (err ? reject(err) : resolve());
        const result = hook.call(req.server, req, reply, done) as unknown;
        if (result instanceof Promise) result.then(() => resolve(), reject);
      });
    }
  }
}
