import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Never the authToken: events go to NATS, where any subscriber reads them. The token is sealed apart. */
export const TunnelCreated = defineEvent({
  type: 'TunnelCreated',
  schemaVersion: 1,
  category: 'tunnel',
  schema: z.object({
    tunnelId: z.string(),
    namespace: z.string(),
    name: z.string(),
    tcpPorts: z.array(z.number().int()),
  }),
});
export type TunnelCreatedData = z.infer<typeof TunnelCreated.schema>;
