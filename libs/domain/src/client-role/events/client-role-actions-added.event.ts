import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { CLIENT_ACTIONS } from '../client-actions';

/** Actions the role did not hold. */
export const ClientRoleActionsAdded = defineEvent({
  type: 'ClientRoleActionsAdded',
  schemaVersion: 1,
  category: 'client_roles',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    actions: z.array(z.enum(CLIENT_ACTIONS)),
  }),
});
export type ClientRoleActionsAddedData = z.infer<typeof ClientRoleActionsAdded.schema>;
