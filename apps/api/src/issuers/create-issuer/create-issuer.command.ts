import { RequestContext } from '../../http/request-context';

export class CreateIssuerCommand {
  constructor(
    readonly kind: unknown,
    readonly context: RequestContext,
  ) {}
}
