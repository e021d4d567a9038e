import { FastifyReply, FastifyRequest } from 'fastify';
import { Histogram } from 'prom-client';

/**
 * Observes every request's latency when its answer is sent. The route label is the matched
 * template (`/informationservice/details/:id`), never the raw path: paths are chosen by callers
 * and would make the label set unbounded. Requests answered before routing (a body that is not
 * JSON) or by no route at all are "unmatched".
 */
export function httpMetricsHook(
  duration: Histogram<'method' | 'route' | 'status_code'>,
): (req: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (req, reply, done) => {
    const stop = duration.startTimer();
    const res = reply.raw;
    res.once('finish', () =>
      stop({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) }),
    );
    done();
  };
}

function routeTemplate(req: FastifyRequest): string {
  // A request no route took is answered by the not-found handler, which has no url of its own.
  return req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched');
}
