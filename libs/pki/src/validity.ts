import { PkiError } from './pki.errors';

/** Backdating notBefore lets peers whose clocks run a little slow accept a certificate right away. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
// GeneralizedTime stops at year 9999.
const LATEST_ENCODABLE = Date.UTC(9999, 11, 31, 23, 59, 59);

export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date;
}

export const DAY_SECONDS = 86_400;

/** notAfter is `validitySeconds` from now, clamped to notAfterLimit so a leaf never outlives its CA. */
export function validityWindow(now: Date, validitySeconds: number, notAfterLimit?: Date): ValidityWindow {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new PkiError('INVALID_INPUT', 'now must be a valid Date');
  }
  if (typeof validitySeconds !== 'number' || !(validitySeconds > 0)) {
    throw new PkiError('INVALID_INPUT', 'validitySeconds must be a positive number');
  }
  const requested = now.getTime() + validitySeconds * 1000;
  if (!(requested <= LATEST_ENCODABLE)) {
    throw new PkiError('INVALID_INPUT', 'validitySeconds reaches beyond the year 9999');
  }
  return {
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(notAfterLimit ? Math.min(requested, notAfterLimit.getTime()) : requested),
  };
}
