import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { CLIENT_ACTIONS } from '../client-actions';

/** A new role of the client, with the actions and members it starts with. */
export const ClientRoleAdded = defineEvent({
  type: 'ClientRoleAdded',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    actions: z.array(z.enum(CLIENT_ACTIONS)),
    members: z.array(z.string()),
  }),
});
export type ClientRoleAddedData = z.infer<typeof ClientRoleAdded.schema>;
