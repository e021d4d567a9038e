import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Members the role had. */
export const ClientRoleMembersRemoved = defineEvent({
  type: 'ClientRoleMembersRemoved',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    members: z.array(z.string()),
  }),
});
export type ClientRoleMembersRemovedData = z.infer<typeof ClientRoleMembersRemoved.schema>;
