import { ApiError } from '../../http/api-error';

/** The issuer's key would not open (an HSM key gone): it cannot sign its CRL until it does. */
export class IssuerKeyUnavailableError extends ApiError {
  constructor(issuerId: string, retryAfterSeconds: number) {
    super(
      503,
      'ISSUER_KEY_UNAVAILABLE',
      `the key of the issuer ${issuerId} cannot be opened now, so it cannot sign its CRL; retry later`,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
