import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** A certificate an operator put on hold (certificateHold) is valid again: it leaves the CRL and OCSP answers good. */
export const CertificateHoldReleased = defineEvent({
  type: 'CertificateHoldReleased',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    serialNumber: z.string(),
    releasedAt: z.string(),
  }),
});
export type CertificateHoldReleasedData = z.infer<typeof CertificateHoldReleased.schema>;
