import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** An existing certificate of the certplane CA, recorded for a client rather than issued; its key stays with the client. */
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
  }),
});
export type CertificateRegisteredData = z.infer<typeof CertificateRegistered.schema>;
