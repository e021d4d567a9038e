import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** Carries only public material: events go to NATS, where any subscriber reads them. */
export const CertificateIssued = defineEvent({
  type: 'CertificateIssued',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    serialNumber: z.string(),
    certificatePem: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    fingerprintSha256: z.string(),
    keyOrigin: z.enum(['server', 'csr']),
  }),
});
export type CertificateIssuedData = z.infer<typeof CertificateIssued.schema>;
