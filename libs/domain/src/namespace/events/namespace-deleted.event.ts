import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const NamespaceDeleted = defineEvent({
  type: 'NamespaceDeleted',
  schemaVersion: 1,
  category: 'namespace',
  schema: z.object({
    namespaceId: z.string(),
    name: z.string(),
  }),
});
export type NamespaceDeletedData = z.infer<typeof NamespaceDeleted.schema>;
