import { ApiError } from '../http/api-error';

/** A certificate its own renewal replaced: whose it was, and its serial. */
export interface SupersededCertificate {
  clientId: string;
  serialNumber: string;
}

/**
 * A client certificate was presented and is not accepted. Refused at the HTTP level rather than in the TLS
 * handshake so the caller gets a stable code and the reason (their own certificate's state, no secret), which
 * curl and every HTTP client show; a handshake alert says only "bad certificate".
 */
export class CertificateRejectedError extends ApiError {
  constructor(
    reason: string,
    /** For the server's log only: who revoked the certificate (an operator's name is not the caller's business). */
    readonly revokedBy?: string,
    /** Set when a renewal superseded it: EST may still answer that renewal's certificate to a repeat of its request. */
    readonly superseded?: SupersededCertificate,
  ) {
    super(401, 'CERTIFICATE_REJECTED', `the client certificate is not accepted: ${reason}`);
  }
}
