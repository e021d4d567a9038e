import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Only an empty group is deleted: no child groups, no live clients. */
export const GroupDeleted = defineEvent({
  type: 'GroupDeleted',
  schemaVersion: 1,
  category: 'group',
  schema: z.object({ groupId: z.string() }),
});
export type GroupDeletedData = z.infer<typeof GroupDeleted.schema>;
