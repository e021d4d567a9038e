import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** tcpPorts replaced as a whole (PUT semantics). */
export const TunnelUpdated = defineEvent({
  type: 'TunnelUpdated',
  schemaVersion: 1,
  category: 'tunnel',
  schema: z.object({
    tunnelId: z.string(),
    namespace: z.string(),
    name: z.string(),
    tcpPorts: z.array(z.number().int()),
  }),
});
export type TunnelUpdatedData = z.infer<typeof TunnelUpdated.schema>;
