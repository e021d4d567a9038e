import { ApiError } from '../../http/api-error';

/** The client exists but its certificate is not issued yet: come back shortly. */
export class CertificatePendingError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(503, 'CERTIFICATE_PENDING', 'the client certificate is still being issued; retry later', {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}
