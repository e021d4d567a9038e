import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** The cert-issuer answers with CertificateIssued: a held certificate is never released, a new one is issued. */
export const ClientEnabled = defineEvent({
  type: 'ClientEnabled',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({ clientId: z.string() }),
});
export type ClientEnabledData = z.infer<typeof ClientEnabled.schema>;
