import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Follows the ClientsDisconnected that ends the channel's connections, in the same append. */
export const ChannelDeleted = defineEvent({
  type: 'ChannelDeleted',
  schemaVersion: 1,
  category: 'channel',
  schema: z.object({ channelId: z.string() }),
});
export type ChannelDeletedData = z.infer<typeof ChannelDeleted.schema>;
