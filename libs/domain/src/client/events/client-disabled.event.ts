import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The cert-issuer answers with CertificateRevoked (reason certificateHold) for each live certificate. */
export const ClientDisabled = defineEvent({
  type: 'ClientDisabled',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({ clientId: z.string() }),
});
export type ClientDisabledData = z.infer<typeof ClientDisabled.schema>;
