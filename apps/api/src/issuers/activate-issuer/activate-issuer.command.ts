import { RequestContext } from '../../http/request-context';

export class ActivateIssuerCommand {
  constructor(
    readonly issuerId: string,
    readonly context: RequestContext,
  ) {}
}
