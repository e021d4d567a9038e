import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { upcastValidityDays } from '../certificate-validity';

/**
 * v1 as the spine wrote it, plus optional tags, metadata and csr (added for POST /clients) and
 * validitySeconds, and profile and sans (certificate profiles): an optional addition keeps every
 * stored v1 event readable and means nothing new for old ones. `csr` is a PKCS#10 PEM, public
 * material like the certificates in other events.
 * Events stored when validity was whole days carry `validityDays`; they read as validitySeconds.
 */
export const ClientEnrolled = defineEvent({
  type: 'ClientEnrolled',
  schemaVersion: 1,
  category: 'client',
  schema: z
    .object({
      clientId: z.string(),
      name: z.string(),
      topics: z.record(z.string(), z.string()),
      ip: z.string().optional(),
      hostname: z.string().optional(),
      tags: z.array(z.string()).optional(),
      metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      csr: z.string().optional(),
      /** Seconds each certificate of the client is valid, when its creator or enrolment token said so; else the deployment's. */
      validitySeconds: z.number().int().positive().optional(),
      validityDays: z.number().int().positive().optional(),
      /** The certificate profile the client is under; absent: the built-in default. */
      profile: z.string().optional(),
      /** SANs beside ip/hostname, canonical (assertValidSanEntries) and allowed by the profile when enrolled. */
      sans: z.array(z.object({ type: z.enum(['dns', 'ip', 'uri', 'email']), value: z.string() })).optional(),
    })
    .transform(upcastValidityDays),
});
export type ClientEnrolledData = z.infer<typeof ClientEnrolled.schema>;
