import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The group moved under parentId, or became a root (null); its subtree moved with it. */
export const GroupParentChanged = defineEvent({
  type: 'GroupParentChanged',
  schemaVersion: 1,
  category: 'group',
  schema: z.object({ groupId: z.string(), parentId: z.string().nullable() }),
});
export type GroupParentChangedData = z.infer<typeof GroupParentChanged.schema>;
