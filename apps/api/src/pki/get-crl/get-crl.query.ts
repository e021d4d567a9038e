/** An issuer's current CRL (the active issuer's when none is named): the one stored if it still lists the revoked set, otherwise a newly signed one. */
export class GetCrlQuery {
  constructor(readonly issuerId?: string) {}
}
