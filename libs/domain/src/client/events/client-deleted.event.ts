import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * DELETE /clients/:id; ClientRemoved stays what the spine's leave writes. Both end the client:
 * its name, ip and hostname are free, and its certificates are revoked (cessationOfOperation).
 */
export const ClientDeleted = defineEvent({
  type: 'ClientDeleted',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({ clientId: z.string(), name: z.string() }),
});
export type ClientDeletedData = z.infer<typeof ClientDeleted.schema>;
