import { RequestContext } from '../../http/request-context';

export class RotateTunnelTokenCommand {
  constructor(
    readonly ref: { name: unknown; namespace: unknown },
    readonly context: RequestContext,
  ) {}
}
