import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * The issuer answers for nothing any more: `certificates-expired` when it was superseded and the last
 * certificate it signed (`lastCertificateNotAfter`, absent when it signed none) has expired; `expired` when
 * its own certificate has, and with it every certificate under it. It leaves the trust bundle, and its CRL
 * and OCSP answers stop.
 */
export const IssuerRetired = defineEvent({
  type: 'IssuerRetired',
  schemaVersion: 1,
  category: 'issuer',
  schema: z.object({
    issuerId: z.string(),
    reason: z.enum(['certificates-expired', 'expired']),
    lastCertificateNotAfter: z.string().optional(),
  }),
});
export type IssuerRetiredData = z.infer<typeof IssuerRetired.schema>;
