import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * An operator renewed the client's certificate. Like ClientEnrolled, it is the decision; the
 * cert-issuer answers with CertificateIssued (a new server key, or the public key of `csr`), and
 * with CertificateRevoked (reason superseded) for the older live certificates when revokeOld.
 */
export const CertificateRenewed = defineEvent({
  type: 'CertificateRenewed',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    revokeOld: z.boolean(),
    csr: z.string().optional(),
  }),
});
export type CertificateRenewedData = z.infer<typeof CertificateRenewed.schema>;
