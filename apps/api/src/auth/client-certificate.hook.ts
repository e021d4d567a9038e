import { TLSSocket } from 'node:tls';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppLogger } from '@certplane/platform';
import { writeErrorResponse } from '../http/error-response';
import { pathOf } from '../http/path-of';
import { CertificateRejectedError } from './certificate-rejected.error';
import { ClientCertificateAuthenticator, serialOf } from './client-certificate.authenticator';

/**
 * Routes where a certificate its own renewal superseded gets as far as the route, which answers that
 * renewal's certificate to a repeat of the same request (RFC 7030 4.2.3's retry after 202) and refuses
 * anything else with the rejection it carries. It authenticates nothing.
 */
const REPEATABLE_RENEWAL = /^POST \/\.well-known\/est\/(?:[^/]+\/)?simplereenroll$/;

/**
 * Authenticates HTTPS requests that come with a client certificate, before any route or guard runs: a good
 * certificate sets req.principal, any other presented certificate is refused (401 CERTIFICATE_REJECTED) on
 * every route, including the public ones, so a client learns at once that its certificate no longer counts.
 * Plain HTTP and HTTPS without a certificate pass through untouched, for the bearer token to decide.
 */
export function clientCertificateHook(
  authenticator: ClientCertificateAuthenticator,
  logger: AppLogger,
): (req: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (req, reply, done) => {
    const socket = req.raw.socket;
    if (!(socket instanceof TLSSocket)) return done();
    const certificate = socket.getPeerX509Certificate();
    if (!certificate) return done();
    authenticator
      .authenticate({
        certificate,
        chainVerified: socket.authorized,
        chainError: socket.authorizationError?.toString(),
      })
      .then(
        (principal) => {
          req.principal = principal;
          done();
        },
        (e: unknown) => {
          // The serial identifies the certificate for whoever investigates; it is public (CRLs list it).
          if (
            e instanceof CertificateRejectedError &&
            e.superseded &&
            REPEATABLE_RENEWAL.test(`${req.method} ${pathOf(req.url)}`)
          ) {
            req.supersededCertificate = { ...e.superseded, rejection: e };
            return done();
          }
          if (e instanceof CertificateRejectedError)
            logger.info('client certificate rejected', {
              serialNumber: serialOf(certificate),
              reason: e.message,
              ...(e.revokedBy ? { revokedBy: e.revokedBy } : {}),
            });
          else logger.error('client certificate check failed', { error: (e as Error).message });
          writeErrorResponse(reply, e);
        },
      );
  };
}
