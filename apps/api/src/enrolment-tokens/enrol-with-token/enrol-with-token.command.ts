import { RequestContext } from '../../http/request-context';

/** A device enrolling itself: the token it presents, the name it asks for (optional when the token fixes one), its CSR and perhaps a shorter validity. */
export class EnrolWithTokenCommand {
  constructor(
    readonly token: string | undefined,
    readonly input: { name?: unknown; csr?: unknown; validity?: unknown },
    readonly context: RequestContext,
    /** EST: a repeat of the same request (same token, same CSR) answers the client it enrolled, without a second use. */
    readonly repeatable = false,
    /** EST: the profile the request's label names, which must be the token's. */
    readonly profile?: string,
  ) {}
}
