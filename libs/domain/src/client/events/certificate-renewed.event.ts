import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * A renewal: asked for by an operator or by the client's own certificate, or decided by a change of
 * the client's name or SAN. Like ClientEnrolled, it is the decision; the cert-issuer answers with
 * CertificateIssued (a new server key, or the public key of `csr`), and with CertificateRevoked
 * (reason superseded) for the older live certificates when revokeOld, or for the certificate
 * `supersedes` names (the one that asked).
 */
export const CertificateRenewed = defineEvent({
  type: 'CertificateRenewed',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    revokeOld: z.boolean(),
    csr: z.string().optional(),
    supersedes: z.string().optional(),
  }),
});
export type CertificateRenewedData = z.infer<typeof CertificateRenewed.schema>;
