import { ChannelNotFoundError, isChannelId } from '@certplane/domain';

/** A path id that cannot be a channel id is answered like an unknown one, before any query runs. */
export function assertChannelIdParam(id: string): string {
  if (!isChannelId(id)) throw new ChannelNotFoundError();
  return id;
}
