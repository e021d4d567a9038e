import { RequestContext } from '../../http/request-context';

export class RevokeCertificateCommand {
  constructor(
    readonly serialNumber: string,
    readonly reason: unknown,
    readonly context: RequestContext,
    /** Set when a client certificate asks (mTLS): its client, which may revoke its own certificates for keyCompromise only. */
    readonly askingClientId?: string,
  ) {}
}
