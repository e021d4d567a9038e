import { RequestContext } from '../../http/request-context';

export class ReleaseCertificateHoldCommand {
  constructor(
    readonly serialNumber: string,
    readonly context: RequestContext,
  ) {}
}
