import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * Every client named loses every type named. `reason` says who ended it: a disconnect request,
 * the client's deletion (appended in the client's deletion transaction) or the channel's.
 */
export const ClientsDisconnected = defineEvent({
  type: 'ClientsDisconnected',
  schemaVersion: 1,
  category: 'channel',
  schema: z.object({
    channelId: z.string(),
    clientIds: z.array(z.string()),
    types: z.array(z.enum(['publish', 'subscribe'])),
    reason: z.enum(['disconnected', 'client-deleted', 'channel-deleted']),
  }),
});
export type ClientsDisconnectedData = z.infer<typeof ClientsDisconnected.schema>;
export type DisconnectReason = ClientsDisconnectedData['reason'];
