import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { DOCS_PATH } from '../openapi/openapi-document';

/**
 * helmet's headers on every answer (nosniff, frame and referrer policies, HSTS for deployments
 * behind TLS, cross-origin isolation). The API answers JSON, PEM and DER, never a page, so its
 * Content-Security-Policy allows nothing at all. /docs is the one page: Swagger UI's scripts and
 * styles come from certplane itself, and it calls the API from the same origin, so helmet's
 * default policy fits it, less upgrade-insecure-requests, which would break it on plain HTTP.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const docsPath = new RegExp(`^/${DOCS_PATH}(/|$)`);
  return (req: Request, res: Response, next: NextFunction) => (docsPath.test(req.path) ? docs : api)(req, res, next);
}
