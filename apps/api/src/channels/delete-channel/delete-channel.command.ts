import { RequestContext } from '../../http/request-context';

export class DeleteChannelCommand {
  constructor(
    readonly channelId: string,
    readonly context: RequestContext,
  ) {}
}
