import { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { DOCS_PATH } from '../openapi/openapi-document';
import { CONSOLE_PATH } from '../console/serve-console';
import { consoleIssuerOrigin } from '../console/get-console-settings/console-settings';
import { CertplaneConfig } from '@certplane/config';
import { pathOf } from '../http/path-of';

/**
 * helmet's headers on every answer (nosniff, frame and referrer policies, HSTS for deployments
 * behind TLS, cross-origin isolation). The API answers JSON, PEM and DER, never a page, so its
 * Content-Security-Policy allows nothing at all. /docs is the one page: Swagger UI's scripts and
 * styles come from certplane itself, and it calls the API from the same origin, so helmet's
 * default policy fits it, less upgrade-insecure-requests, which would break it on plain HTTP.
 * /console is the other page: its scripts, styles and the API it calls are all certplane's own,
 * so it may load and call nothing but its own origin, and no inline script or style sheet runs;
 * when it signs people in at an OIDC issuer, it may also call that issuer's origin (discovery and
 * the code exchange), and nothing else.
 */
export function securityHeaders(
  config: CertplaneConfig,
): (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void {
  const issuer = consoleIssuerOrigin(config);
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const consolePage = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(issuer ? [issuer] : [])],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  const docsPath = new RegExp(`^/${DOCS_PATH}(/|$)`);
  const consolePath = new RegExp(`^${CONSOLE_PATH}(/|$)`);
  return (req, reply, done) => {
    const path = pathOf(req.url);
    (docsPath.test(path) ? docs : consolePath.test(path) ? consolePage : api)(req.raw, reply.raw, (err?: unknown) =>
      done(err as Error | undefined),
    );
  };
}
