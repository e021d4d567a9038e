/** The CA's current CRL: the one stored if it still lists the revoked set, otherwise a newly signed one. */
export class GetCrlQuery {}
