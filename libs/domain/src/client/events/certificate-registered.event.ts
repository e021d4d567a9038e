import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * An existing certificate of the certplane CA, recorded for a client rather than issued; its key stays with the client.
 * issuerId (optional: events before it lack it) names the issuer that signed it.
 */
export const CertificateRegistered = defineEvent({
  type: 'CertificateRegistered',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    serialNumber: z.string(),
    certificatePem: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    fingerprintSha256: z.string(),
    issuerId: z.string().optional(),
  }),
});
export type CertificateRegisteredData = z.infer<typeof CertificateRegistered.schema>;
