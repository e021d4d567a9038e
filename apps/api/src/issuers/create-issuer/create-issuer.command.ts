import { RequestContext } from '../../http/request-context';

export class CreateIssuerCommand {
  constructor(
    readonly kind: unknown,
    readonly context: RequestContext,
    /** A planned rotation names the successor it makes; an admin's request gets a new id. */
    readonly issuerId?: string,
  ) {}
}
