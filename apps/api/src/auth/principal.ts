import type { TokenRole } from '@certplane/config';
import type { CertificateRejectedError, SupersededCertificate } from './certificate-rejected.error';

/** The roles a caller can hold; what each may do is decided per route by the auth guard. */
export const ROLES = ['admin', 'operator', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** The global roles a token grants: a `member` token grants none, only what the roles of clients give its actor. */
export function globalRoles(granted: readonly TokenRole[]): Role[] {
  return granted.filter((r): r is Exclude<TokenRole, 'member'> => r !== 'member');
}

/**
 * Who is calling, once authenticated. Set on the request (req.principal) by whichever
 * authenticator recognised the caller: the client-certificate middleware for mTLS connections
 * (before any guard runs), or the guard itself for bearer tokens (static or OIDC JWT).
 * A guard that finds req.principal already set does not look for a token.
 */
export interface Principal {
  method: 'token' | 'oidc' | 'certificate';
  /**
   * What event metadata records as the actor: `token:<name>`, `oidc:<sub>`, `certificate:<client id>`
   * (the client the certificate's serial belongs to, not its CN, which a later client may share). Never a secret.
   */
  actor: string;
  /** Empty for a principal with no global role: it may call only routes where a client's roles grant it the action. */
  roles: readonly Role[];
  /** For a client certificate: the client it was issued to (its id and name), and its serial. */
  clientId?: string;
  clientName?: string;
  serialNumber?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** A superseded certificate let through to a route that may answer a repeat of its renewal (see clientCertificateMiddleware). */
    supersededCertificate?: SupersededCertificate & { rejection: CertificateRejectedError };
  }
}
