import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const ClientRemoved = defineEvent({
  type: 'ClientRemoved',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    reason: z.enum(['left']),
  }),
});
export type ClientRemovedData = z.infer<typeof ClientRemoved.schema>;
