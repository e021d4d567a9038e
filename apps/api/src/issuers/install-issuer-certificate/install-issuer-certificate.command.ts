import { RequestContext } from '../../http/request-context';

export class InstallIssuerCertificateCommand {
  constructor(
    readonly issuerId: string,
    readonly certificate: unknown,
    readonly chain: unknown,
    readonly context: RequestContext,
  ) {}
}
