import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The operator's root signed the intermediate's CSR: its certificate and the chain above it. */
export const IssuerCertificateInstalled = defineEvent({
  type: 'IssuerCertificateInstalled',
  schemaVersion: 1,
  category: 'issuer',
  schema: z.object({ issuerId: z.string(), certificatePem: z.string(), chainPem: z.string(), notAfter: z.string() }),
});
export type IssuerCertificateInstalledData = z.infer<typeof IssuerCertificateInstalled.schema>;
