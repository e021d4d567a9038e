import { IssuerNotFoundError, isIssuerId } from '@certplane/domain';

/** A path id that cannot be an issuer id is answered like an unknown one, before any query runs. */
export function assertIssuerIdParam(id: string): string {
  if (!isIssuerId(id)) throw new IssuerNotFoundError(id);
  return id;
}
