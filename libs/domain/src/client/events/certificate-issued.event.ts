import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * Carries only public material: events go to NATS, where any subscriber reads them.
 *
 * v1 as first written, plus optional commonName, ips and hostnames: what the issuer put in the
 * certificate's subject CN and SAN (IPs in canonical text), so that readers need not parse the PEM
 * to learn them. Optional, as the ClientEnrolled additions were: every stored v1 event stays
 * readable, and a reader of one without them (issued by an older certplane) reads the PEM.
 * issuerId, optional alike, names the issuer that signed it: its retirement waits for the last of them.
 */
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
    commonName: z.string().optional(),
    ips: z.array(z.string()).optional(),
    hostnames: z.array(z.string()).optional(),
    issuerId: z.string().optional(),
  }),
});
export type CertificateIssuedData = z.infer<typeof CertificateIssued.schema>;
