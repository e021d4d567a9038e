import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Labels include certplane.io/uplink=1, exactly as the namespace carries them. */
export const NamespaceCreated = defineEvent({
  type: 'NamespaceCreated',
  schemaVersion: 1,
  category: 'namespace',
  schema: z.object({
    namespaceId: z.string(),
    name: z.string(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
  }),
});
export type NamespaceCreatedData = z.infer<typeof NamespaceCreated.schema>;
