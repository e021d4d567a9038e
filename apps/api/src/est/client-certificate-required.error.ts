import { ApiError } from '../http/api-error';
import { EST_CHALLENGE } from './est-credentials';

/** simplereenroll renews the certificate presented over TLS; without one there is nothing to renew. */
export class ClientCertificateRequiredError extends ApiError {
  constructor() {
    super(401, 'CLIENT_CERTIFICATE_REQUIRED', 'simplereenroll renews the certificate presented over TLS: present it', {
      'WWW-Authenticate': EST_CHALLENGE,
    });
  }
}
