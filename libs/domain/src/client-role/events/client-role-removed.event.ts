import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The role is gone, and with it what its members could do. */
export const ClientRoleRemoved = defineEvent({
  type: 'ClientRoleRemoved',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
  }),
});
export type ClientRoleRemovedData = z.infer<typeof ClientRoleRemoved.schema>;
