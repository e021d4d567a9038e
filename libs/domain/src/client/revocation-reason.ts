import { InvalidRevocationReasonError } from './client.errors';
import { REVOCATION_REASONS, RevocationReason } from './events/certificate-revoked.event';

export function assertRevocationReason(reason: unknown): asserts reason is RevocationReason {
  if (typeof reason !== 'string' || !(REVOCATION_REASONS as readonly string[]).includes(reason)) {
    throw new InvalidRevocationReasonError(`reason must be one of ${REVOCATION_REASONS.join(', ')}`);
  }
}
