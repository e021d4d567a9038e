import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

export const ClientEnrolled = defineEvent({
  type: 'ClientEnrolled',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    name: z.string(),
    topics: z.record(z.string(), z.string()),
    ip: z.string().optional(),
    hostname: z.string().optional(),
  }),
});
export type ClientEnrolledData = z.infer<typeof ClientEnrolled.schema>;
