import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The role `name` is called `newName` from now on; its actions and members stay. */
export const ClientRoleRenamed = defineEvent({
  type: 'ClientRoleRenamed',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    newName: z.string(),
  }),
});
export type ClientRoleRenamedData = z.infer<typeof ClientRoleRenamed.schema>;
