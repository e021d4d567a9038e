import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Members the role did not have. */
export const ClientRoleMembersAdded = defineEvent({
  type: 'ClientRoleMembersAdded',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    members: z.array(z.string()),
  }),
});
export type ClientRoleMembersAddedData = z.infer<typeof ClientRoleMembersAdded.schema>;
