import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** From now on this issuer signs new certificates; `previousIssuerId` was the one that did. */
export const IssuerActivated = defineEvent({
  type: 'IssuerActivated',
  schemaVersion: 1,
  category: 'issuer',
  schema: z.object({ issuerId: z.string(), previousIssuerId: z.string().optional() }),
});
export type IssuerActivatedData = z.infer<typeof IssuerActivated.schema>;
