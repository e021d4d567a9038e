import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const ChannelCreated = defineEvent({
  type: 'ChannelCreated',
  schemaVersion: 1,
  category: 'channel',
  schema: z.object({
    channelId: z.string(),
    name: z.string(),
    tags: z.array(z.string()),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    route: z.string().optional(),
  }),
});
export type ChannelCreatedData = z.infer<typeof ChannelCreated.schema>;
