import { METRICS_WINDOW_SECONDS, MetricsWindow } from './metrics-window';
import { TunnelStatusReport } from './status-report';

export interface TunnelMetrics {
  /** Bytes per second over the window. */
  rx: number;
  tx: number;
  /** New TCP connections per second over the window. */
  tcpConnectionRate: number;
}

export interface TunnelStatus {
  connectedClients: number;
  metrics: TunnelMetrics;
}

interface ServerState {
  connectedClients: number;
  sentAtMs: number;
  seq: number;
  receivedAtMs: number;
}

interface TunnelState {
  window: MetricsWindow;
  servers: Map<string, ServerState>;
}

/**
 * What the status reports say, per tunnel id, in memory. Every api process subscribes to every
 * report (core NATS fan-out), so each holds the same numbers; after a restart they come back
 * with the next reports. A deleted and re-created tunnel has a new id, so it starts from zero.
 */
export class TunnelMetricsStore {
  private readonly tunnels = new Map<string, TunnelState>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly windowSeconds = METRICS_WINDOW_SECONDS,
  ) {}

  record(tunnelId: string, report: TunnelStatusReport, receivedAtMs = this.clock()): void {
    let state = this.tunnels.get(tunnelId);
    if (!state) this.tunnels.set(tunnelId, (state = { window: new MetricsWindow(this.windowSeconds), servers: new Map() }));
    state.window.add(receivedAtMs, report);
    const sentAtMs = Date.parse(report.sentAt);
    const prev = state.servers.get(report.server);
    // Reports may arrive out of order; the count is an absolute value, so only a newer one replaces it.
    if (!prev || sentAtMs > prev.sentAtMs || (sentAtMs === prev.sentAtMs && report.seq > prev.seq)) {
      state.servers.set(report.server, { connectedClients: report.connectedClients, sentAtMs, seq: report.seq, receivedAtMs });
    } else {
      prev.receivedAtMs = Math.max(prev.receivedAtMs, receivedAtMs);
    }
  }

  /**
   * connectedClients sums the latest count of each server heard from within the window: a
   * server that stopped reporting (crashed, gone) stops counting after five minutes.
   */
  status(tunnelId: string): TunnelStatus {
    const state = this.tunnels.get(tunnelId);
    if (!state) return { connectedClients: 0, metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 } };
    const now = this.clock();
    const since = now - this.windowSeconds * 1000;
    let connectedClients = 0;
    for (const s of state.servers.values()) if (s.receivedAtMs > since) connectedClients += s.connectedClients;
    const t = state.window.totals(now);
    return {
      connectedClients,
      metrics: { rx: t.rxBytes / this.windowSeconds, tx: t.txBytes / this.windowSeconds, tcpConnectionRate: t.tcpConnections / this.windowSeconds },
    };
  }

  forget(tunnelId: string): void {
    this.tunnels.delete(tunnelId);
  }

  /** Drops tunnels nothing was heard from within the window (deleted elsewhere, or silent). */
  prune(): void {
    const since = this.clock() - this.windowSeconds * 1000;
    for (const [id, state] of this.tunnels) if (state.window.lastAddedMs <= since) this.tunnels.delete(id);
  }

  get size(): number {
    return this.tunnels.size;
  }
}
