import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * The fields that changed, with their new values; absent fields did not change. A SAN change
 * carries both ip and hostname (null for the one the client no longer has), because a client
 * holds at most one of them.
 */
export const ClientUpdated = defineEvent({
  type: 'ClientUpdated',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    name: z.string().optional(),
    tags: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    ip: z.string().nullable().optional(),
    hostname: z.string().nullable().optional(),
  }),
});
export type ClientUpdatedData = z.infer<typeof ClientUpdated.schema>;
