/** Small, dependency-free statistics for the benchmark. Durations are in nanoseconds (bigint) or ms (number). */

export const nsToMs = (ns: bigint | number): number => Number(ns) / 1e6;
export const now = (): bigint => process.hrtime.bigint();
export const secondsSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/** Returns a new ascending copy; never sorts the caller's array in place. */
export function sortedAsc(values: readonly number[]): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/**
 * Nearest-rank percentile on an ascending array (p in 0..100): the smallest value such that at least p% of
 * the samples are <= it. NaN when there are no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[n - 1];
  const rank = Math.ceil((p / 100) * n); // 1-based
  return sorted[Math.min(n, Math.max(1, rank)) - 1];
}

export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const s = sortedAsc(values);
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return {
    n,
    min: n ? s[0] : NaN,
    mean: n ? sum / n : NaN,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: n ? s[n - 1] : NaN,
  };
}

export const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : 'NaN');

export function describeMs(s: Summary): string {
  return `n=${s.n} p50=${fmt(s.p50)}ms p90=${fmt(s.p90)}ms p99=${fmt(s.p99)}ms max=${fmt(s.max)}ms mean=${fmt(s.mean)}ms`;
}

/** Progress lines, on stdout like everything else, so the key=value line is the last line whatever is captured. */
export function progress(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}
