import { ValidationError } from '../shared/domain-error';
import { Duration } from '../shared/duration';

/** Shorter than this and a renewal agent's two-thirds point comes before a slow CA has answered. */
export const MIN_CERTIFICATE_VALIDITY = Duration.parse('5m');
/** The CA/Browser Forum's old ceiling, which many TLS stacks still enforce on leaf certificates. */
export const MAX_CERTIFICATE_VALIDITY = Duration.parse('825d');

/**
 * The validity a caller asked for (a duration such as `24h`, or one already read), from 5 minutes
 * to `max`: the deployment's, or the enrolment token's when it set a shorter one.
 */
export function certificateValidity(value: unknown, max: Duration = MAX_CERTIFICATE_VALIDITY): Duration {
  const validity = value instanceof Duration ? value : Duration.parse(value, 'INVALID_VALIDITY', 'validity');
  if (validity.isShorterThan(MIN_CERTIFICATE_VALIDITY) || max.isShorterThan(validity)) {
    throw new ValidationError('INVALID_VALIDITY', `validity must be from ${MIN_CERTIFICATE_VALIDITY} to ${max}`);
  }
  return validity;
}

/** Events stored before validity was a duration said whole days: they read as seconds, so nothing downstream knows days. */
export function upcastValidityDays<T extends { validityDays?: number; validitySeconds?: number }>({
  validityDays,
  ...rest
}: T): Omit<T, 'validityDays'> {
  if (validityDays === undefined || rest.validitySeconds !== undefined) return rest;
  return { ...rest, validitySeconds: validityDays * 86_400 };
}
