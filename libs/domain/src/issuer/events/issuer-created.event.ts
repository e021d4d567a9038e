import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * A new issuer and where its key is (`keyRef`, never the key): a root carries its self-signed certificate,
 * an intermediate its CSR until the operator's root signs it. `existing` is the CA a deployment had before
 * issuers, recorded as it was, without a new key.
 */
export const IssuerCreated = defineEvent({
  type: 'IssuerCreated',
  schemaVersion: 1,
  category: 'issuer',
  schema: z.object({
    issuerId: z.string(),
    kind: z.enum(['root', 'intermediate', 'existing']),
    keyRef: z.string(),
    certificatePem: z.string().optional(),
    /** The certificates above this issuer's, up to a root; empty for a root */
    chainPem: z.string(),
    notAfter: z.string().optional(),
    csrPem: z.string().optional(),
  }),
});
export type IssuerCreatedData = z.infer<typeof IssuerCreated.schema>;
