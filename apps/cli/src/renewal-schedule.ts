/** Two thirds in: a renewal that fails has the last third of the lifetime to be retried in. */
export const DEFAULT_RENEW_AT = 2 / 3;
/** How much earlier than the renewal point a device may renew, as a share of the lifetime: a fleet enrolled at once spreads out. */
const JITTER_SHARE = 0.05;
const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * When a certificate valid from notBefore to notAfter is due for renewal: at `renewAt` of its
 * lifetime, less a random part (random in [0, 1)) of up to 5% of the lifetime, never before notBefore.
 */
export function renewalDue(notBefore: Date, notAfter: Date, renewAt: number, random: number): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  const share = Math.max(0, renewAt - JITTER_SHARE * random);
  return new Date(notBefore.getTime() + Math.floor(lifetime * share));
}

/**
 * The wait before retry `attempt` (0 first) while certplane is unreachable: exponential from 1 s,
 * capped at 5 minutes, the upper half of it random so devices cut off together do not return together.
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** --renew-at: a fraction of the lifetime, strictly between 0 and 1. */
export function parseRenewAt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^(0?\.[0-9]+)$/.test(text) ? Number(text) : Number.NaN;
  return value > 0 && value < 1 ? value : undefined;
}
