import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/**
 * RFC 5280 reason names, so the CRL and OCSP answers can use them as they are: those that apply to a
 * client certificate (not cACompromise or aACompromise; removeFromCRL is a release, not a revocation).
 */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const CertificateRevoked = defineEvent({
  type: 'CertificateRevoked',
  schemaVersion: 1,
  category: 'client',
  schema: z.object({
    clientId: z.string(),
    serialNumber: z.string(),
    reason: z.enum(REVOCATION_REASONS),
    revokedAt: z.string(),
  }),
});
export type CertificateRevokedData = z.infer<typeof CertificateRevoked.schema>;
