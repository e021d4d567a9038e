import { RequestContext } from '../../http/request-context';

export class RevokeEnrolmentTokenCommand {
  constructor(
    readonly tokenId: string,
    readonly context: RequestContext,
  ) {}
}
