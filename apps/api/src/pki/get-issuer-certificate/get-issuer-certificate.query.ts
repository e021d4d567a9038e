/** An issuer's own certificate, DER: what its leaves' AIA caIssuers names. */
export class GetIssuerCertificateQuery {
  constructor(readonly issuerId: string) {}
}
