import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** `namespaceDeleted` when a cascading namespace delete removed it. */
export const TUNNEL_DELETION_REASONS = ['deleted', 'namespaceDeleted'] as const;
export type TunnelDeletionReason = (typeof TUNNEL_DELETION_REASONS)[number];

export const TunnelDeleted = defineEvent({
  type: 'TunnelDeleted',
  schemaVersion: 1,
  category: 'tunnel',
  schema: z.object({
    tunnelId: z.string(),
    namespace: z.string(),
    name: z.string(),
    reason: z.enum(TUNNEL_DELETION_REASONS),
  }),
});
export type TunnelDeletedData = z.infer<typeof TunnelDeleted.schema>;
