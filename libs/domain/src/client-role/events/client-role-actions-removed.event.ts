import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { CLIENT_ACTIONS } from '../client-actions';

/** Actions the role held. */
export const ClientRoleActionsRemoved = defineEvent({
  type: 'ClientRoleActionsRemoved',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    actions: z.array(z.enum(CLIENT_ACTIONS)),
  }),
});
export type ClientRoleActionsRemovedData = z.infer<typeof ClientRoleActionsRemoved.schema>;
