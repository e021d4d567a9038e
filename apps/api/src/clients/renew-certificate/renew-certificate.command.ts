import { RequestContext } from '../../http/request-context';

export class RenewCertificateCommand {
  constructor(
    readonly clientId: string,
    readonly request: { csr?: unknown; revokeOld?: unknown },
    readonly context: RequestContext,
    /** The serial of the client certificate that asked (mTLS), superseded by the new one. */
    readonly askedBy?: string,
    /** EST: the profile the request's label names, which must be the client's. */
    readonly profile?: string,
  ) {}
}
