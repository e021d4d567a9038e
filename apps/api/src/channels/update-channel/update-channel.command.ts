import { ChannelPatch } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

export class UpdateChannelCommand {
  constructor(
    readonly channelId: string,
    readonly patch: ChannelPatch,
    readonly context: RequestContext,
  ) {}
}
