import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const ProfileDeleted = defineEvent({
  type: 'ProfileDeleted',
  schemaVersion: 1,
  category: 'profile',
  schema: z.object({ profileId: z.string(), name: z.string() }),
});
export type ProfileDeletedData = z.infer<typeof ProfileDeleted.schema>;
