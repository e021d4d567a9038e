import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram } from 'prom-client';

/**
 * Observes every request's latency when its answer is sent. The route label is the matched
 * template (`/informationservice/details/:id`), never the raw path: paths are chosen by callers
 * and would make the label set unbounded. Requests answered before routing (a body that is not
 * JSON) or by no route at all are "unmatched".
 */
export function httpMetricsMiddleware(duration: Histogram<'method' | 'route' | 'status_code'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = duration.startTimer();
    res.once('finish', () =>
      stop({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) }),
    );
    next();
  };
}

function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}
