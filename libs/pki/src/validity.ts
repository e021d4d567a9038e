import { PkiError } from './pki.errors';

/** Backdating notBefore lets peers whose clocks run a little slow accept a certificate right away. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// GeneralizedTime stops at year 9999.
const LATEST_ENCODABLE = Date.UTC(9999, 11, 31, 23, 59, 59);

export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date;
}

/** notAfter is clamped to notAfterLimit, so a leaf never outlives its CA. */
export function validityWindow(now: Date, validityDays: number, notAfterLimit?: Date): ValidityWindow {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new PkiError('INVALID_INPUT', 'now must be a valid Date');
  }
  if (typeof validityDays !== 'number' || !(validityDays > 0)) {
    throw new PkiError('INVALID_INPUT', 'validityDays must be a positive number');
  }
  const requested = now.getTime() + validityDays * DAY_MS;
  if (!(requested <= LATEST_ENCODABLE)) {
    throw new PkiError('INVALID_INPUT', 'validityDays reaches beyond the year 9999');
  }
  return {
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(notAfterLimit ? Math.min(requested, notAfterLimit.getTime()) : requested),
  };
}
