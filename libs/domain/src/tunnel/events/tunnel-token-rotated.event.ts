import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** That the token changed, never what it is; status reports signed with the old one are refused from here on. */
export const TunnelTokenRotated = defineEvent({
  type: 'TunnelTokenRotated',
  schemaVersion: 1,
  category: 'tunnel',
  schema: z.object({
    tunnelId: z.string(),
    namespace: z.string(),
    name: z.string(),
  }),
});
export type TunnelTokenRotatedData = z.infer<typeof TunnelTokenRotated.schema>;
