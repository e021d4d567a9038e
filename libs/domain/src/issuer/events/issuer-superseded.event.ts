import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Another issuer signs new certificates; this one still answers for its own until they expire. */
export const IssuerSuperseded = defineEvent({
  type: 'IssuerSuperseded',
  schemaVersion: 1,
  category: 'issuer',
  schema: z.object({ issuerId: z.string(), successorId: z.string() }),
});
export type IssuerSupersededData = z.infer<typeof IssuerSuperseded.schema>;
