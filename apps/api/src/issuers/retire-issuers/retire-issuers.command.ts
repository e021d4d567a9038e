import { RequestContext } from '../../http/request-context';

/** Retires every issuer that is due (IssuerRetired), as of `now`. */
export class RetireIssuersCommand {
  constructor(
    readonly context: RequestContext,
    readonly now: Date = new Date(),
  ) {}
}
