import type { KeyType } from '@certplane/domain';
import { measureRawCryptoFor, type RateResult } from './crypto-baseline';
import { measureIssueRate } from './issue-rate';

/** The key types beside P-256 whose issuing rate `npm run bench` reports, with the key= suffix of each. */
export const BENCH_KEY_TYPES: ReadonlyArray<readonly [KeyType, string]> = [
  ['ec-p384', 'p384'],
  ['rsa-2048', 'rsa2048'],
  ['ed25519', 'ed25519'],
];

export interface KeyTypeRate {
  keyType: KeyType;
  suffix: string;
  raw: RateResult;
  issue: RateResult;
}

/**
 * Per key type, a certificate under a profile of that type (server-generated key, on this thread) beside
 * the raw cost of what it cannot avoid: a fresh key of the type and one CA signature. Their ratio is the
 * fast path's overhead for the type.
 */
export async function measureKeyTypeRates(
  rawSeconds: number,
  issueSeconds: number,
  warmupSeconds: number,
  progress: (line: string) => void,
): Promise<KeyTypeRate[]> {
  const rates: KeyTypeRate[] = [];
  for (const [keyType, suffix] of BENCH_KEY_TYPES) {
    const raw = measureRawCryptoFor(keyType, rawSeconds, Math.min(warmupSeconds, 0.5));
    const issue = await measureIssueRate(issueSeconds, warmupSeconds, keyType);
    progress(
      `${keyType}: raw keygen + CA sign ${raw.perSecond.toFixed(1)}/s, issue ${issue.perSecond.toFixed(1)}/s, ratio ${(issue.perSecond / raw.perSecond).toFixed(3)}`,
    );
    rates.push({ keyType, suffix, raw, issue });
  }
  return rates;
}

/** The last line's key=value pairs for these rates. */
export function keyTypeRateFields(
  rates: readonly KeyTypeRate[],
  fmt: (n: number, digits?: number) => string,
): string[] {
  return rates.flatMap(({ suffix, raw, issue }) => [
    `raw_per_s_${suffix}=${fmt(raw.perSecond)}`,
    `issue_per_s_${suffix}=${fmt(issue.perSecond)}`,
    `issue_ratio_${suffix}=${fmt(issue.perSecond / raw.perSecond, 3)}`,
  ]);
}
