import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * The spine's leave (Client.leave). The stored and published name stays ClientRemoved, the one
 * subscribers know; ClientDeleted is the operator's DELETE /clients/:id. Both end the client alike.
 */
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
