import { ApiError } from '../../http/api-error';

/**
 * The client's certificate is revoked and none is being issued (an operator or the client revoked
 * it): nothing will come by waiting, so not 503 CERTIFICATE_PENDING, whose Retry-After would keep a
 * client polling for ever. Renewing the client ends it.
 */
export class NoValidCertificateError extends ApiError {
  constructor(reason: string) {
    super(
      409,
      'NO_VALID_CERTIFICATE',
      `the client's certificate is revoked (${reason}) and no new one is being issued; an operator renews it (POST /clients/:id/certificate/renew)`,
    );
  }
}
