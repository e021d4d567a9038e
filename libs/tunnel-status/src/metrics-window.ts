/** The window the issue asks for: rates over the last five minutes. */
export const METRICS_WINDOW_SECONDS = 300;

export interface WindowTotals {
  rxBytes: number;
  txBytes: number;
  tcpConnections: number;
}

/**
 * Sums over a sliding window of one-second buckets (a ring, so memory is fixed per tunnel). A
 * report counts in the second certplane received it; the window at time t holds the seconds
 * (t - windowSeconds, t].
 */
export class MetricsWindow {
  private readonly second: Float64Array;
  private readonly rx: Float64Array;
  private readonly tx: Float64Array;
  private readonly connections: Float64Array;
  lastAddedMs = -Infinity;

  constructor(private readonly windowSeconds = METRICS_WINDOW_SECONDS) {
    this.second = new Float64Array(windowSeconds).fill(-1);
    this.rx = new Float64Array(windowSeconds);
    this.tx = new Float64Array(windowSeconds);
    this.connections = new Float64Array(windowSeconds);
  }

  add(atMs: number, totals: WindowTotals): void {
    const s = Math.floor(atMs / 1000);
    const i = s % this.windowSeconds;
    if (this.second[i] !== s) {
      this.second[i] = s;
      this.rx[i] = this.tx[i] = this.connections[i] = 0;
    }
    this.rx[i] += totals.rxBytes;
    this.tx[i] += totals.txBytes;
    this.connections[i] += totals.tcpConnections;
    this.lastAddedMs = Math.max(this.lastAddedMs, atMs);
  }

  totals(nowMs: number): WindowTotals {
    const now = Math.floor(nowMs / 1000);
    const sum: WindowTotals = { rxBytes: 0, txBytes: 0, tcpConnections: 0 };
    for (let i = 0; i < this.windowSeconds; i++) {
      const s = this.second[i];
      if (s > now - this.windowSeconds && s <= now) {
        sum.rxBytes += this.rx[i];
        sum.txBytes += this.tx[i];
        sum.tcpConnections += this.connections[i];
      }
    }
    return sum;
  }
}
