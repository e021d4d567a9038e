import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const GroupCreated = defineEvent({
  type: 'GroupCreated',
  schemaVersion: 1,
  category: 'group',
  schema: z.object({
    groupId: z.string(),
    name: z.string(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    parentId: z.string().optional(),
  }),
});
export type GroupCreatedData = z.infer<typeof GroupCreated.schema>;
