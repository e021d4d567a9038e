import { RequestContext } from '../../http/request-context';

export class RegisterCertificateCommand {
  constructor(
    readonly clientId: string,
    readonly certificate: unknown,
    readonly context: RequestContext,
  ) {}
}
