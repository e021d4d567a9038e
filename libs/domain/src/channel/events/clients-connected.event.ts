import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Every client named gets every type named; none of those pairs existed before. */
export const ClientsConnected = defineEvent({
  type: 'ClientsConnected',
  schemaVersion: 1,
  category: 'channel',
  schema: z.object({
    channelId: z.string(),
    clientIds: z.array(z.string()),
    types: z.array(z.enum(['publish', 'subscribe'])),
  }),
});
export type ClientsConnectedData = z.infer<typeof ClientsConnected.schema>;
