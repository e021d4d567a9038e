import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The fields that changed, with their new values; route null: the channel no longer has one. */
export const ChannelUpdated = defineEvent({
  type: 'ChannelUpdated',
  schemaVersion: 1,
  category: 'channel',
  schema: z.object({
    channelId: z.string(),
    name: z.string().optional(),
    tags: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    route: z.string().nullable().optional(),
  }),
});
export type ChannelUpdatedData = z.infer<typeof ChannelUpdated.schema>;
