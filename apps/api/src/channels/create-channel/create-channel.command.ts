import { RequestContext } from '../../http/request-context';

export class CreateChannelCommand {
  constructor(
    readonly input: { name: unknown; tags: unknown; metadata: unknown; route: unknown },
    readonly context: RequestContext,
  ) {}
}
