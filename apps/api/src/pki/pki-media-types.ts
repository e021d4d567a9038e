/** Media types of the relying-party endpoints (RFC 5280 4.2.1.13 and 4.2.2.1, RFC 2585, RFC 6960 A.1; PEM as curl and browsers expect it). */
export const MEDIA_TYPES = {
  crl: 'application/pkix-crl',
  certificate: 'application/pkix-cert',
  pem: 'application/x-pem-file',
  ocspRequest: 'application/ocsp-request',
  ocspResponse: 'application/ocsp-response',
} as const;
