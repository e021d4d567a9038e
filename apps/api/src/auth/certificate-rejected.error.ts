import { ApiError } from '../http/api-error';

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
  ) {
    super(401, 'CERTIFICATE_REJECTED', `the client certificate is not accepted: ${reason}`);
  }
}
