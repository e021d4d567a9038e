import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The client's parent group is groupId from now on, or none (null). */
export const ClientParentGroupSet = defineEvent({
  type: 'ClientParentGroupSet',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({ clientId: z.string(), groupId: z.string().nullable() }),
});
export type ClientParentGroupSetData = z.infer<typeof ClientParentGroupSet.schema>;
