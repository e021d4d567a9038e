import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { upcastValidityDays } from '../../client/certificate-validity';

/**
 * What the token allows, never the token nor its digest: events go to NATS, where any subscriber
 * reads them. Exactly one of name and namePattern; at most one of ip and hostname.
 */
export const EnrolmentTokenCreated = defineEvent({
  type: 'EnrolmentTokenCreated',
  schemaVersion: 1,
  category: 'enrolment_token',
  schema: z
    .object({
      tokenId: z.string(),
      name: z.string().optional(),
      namePattern: z.string().optional(),
      ip: z.string().optional(),
      hostname: z.string().optional(),
      tags: z.array(z.string()).optional(),
      metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      topics: z.record(z.string(), z.string()).optional(),
      /** Seconds each certificate of a client it enrols is valid; events stored before durations carry validityDays. */
      validitySeconds: z.number().int().positive().optional(),
      validityDays: z.number().int().positive().optional(),
      /** The certificate profile of the clients it enrols; absent: the default profile. */
      profile: z.string().optional(),
      uses: z.number().int(),
      expiresAt: z.string(),
    })
    .transform(upcastValidityDays),
});
export type EnrolmentTokenCreatedData = z.infer<typeof EnrolmentTokenCreated.schema>;
