import { RequestContext } from '../../http/request-context';

export class CreateEnrolmentTokenCommand {
  constructor(
    readonly input: {
      name?: unknown;
      namePattern?: unknown;
      ip?: unknown;
      hostname?: unknown;
      tags?: unknown;
      metadata?: unknown;
      topics?: unknown;
      validity?: unknown;
      profile?: unknown;
      ttl?: unknown;
      uses?: unknown;
    },
    readonly context: RequestContext,
  ) {}
}
