import { DataSource } from 'typeorm';
import { TunnelStatusReport } from './status-report';

/** The window the issue asks for: rates over the last five minutes. */
export const METRICS_WINDOW_SECONDS = 300;

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

/** A tunnel no report was heard from within the window. */
export const NOTHING_HEARD: TunnelStatus = { connectedClients: 0, metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 } };

interface WindowRow {
  tunnel_id: string;
  rx: string;
  tx: string;
  conns: string;
  clients: string;
}

/**
 * What the status reports say, per tunnel id, in tunnel_status_reports: each report is taken by
 * one api replica and every replica answers from the same rows, so one started a second ago
 * answers the whole window. A report counts in the second its receiver's clock took it in: the
 * window at time t holds the seconds (t - windowSeconds, t]. A deleted and re-created tunnel has
 * a new id, so it starts from zero.
 */
export class TunnelMetricsStore {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => number = Date.now,
    private readonly windowSeconds = METRICS_WINDOW_SECONDS,
  ) {}

  /** Records an accepted report once; false when a report with this signature was recorded already (a replay). */
  async record(
    tunnelId: string,
    signature: string,
    report: TunnelStatusReport,
    receivedAtMs = this.clock(),
  ): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO tunnel_status_reports (tunnel_id, signature, server, seq, sent_at_ms, received_at_ms, connected_clients, rx_bytes, tx_bytes, tcp_connections)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        tunnelId,
        signature,
        report.server,
        report.seq,
        Date.parse(report.sentAt),
        receivedAtMs,
        report.connectedClients,
        report.rxBytes,
        report.txBytes,
        report.tcpConnections,
      ],
    );
    return rows.length === 1;
  }

  /**
   * Rates are window sums over the window's length. connectedClients sums the latest count
   * (by sentAt, then seq: reports may arrive out of order) of each server heard from within the
   * window: a server that stopped reporting (crashed, gone) stops counting after five minutes.
   */
  async statuses(tunnelIds: string[]): Promise<Map<string, TunnelStatus>> {
    const found = new Map<string, TunnelStatus>();
    if (tunnelIds.length === 0) return found;
    const rows: WindowRow[] = await this.ds.query(
      `WITH w AS (SELECT * FROM tunnel_status_reports WHERE tunnel_id = ANY($1::text[]) AND received_at_ms >= $2),
            latest AS (SELECT DISTINCT ON (tunnel_id, server) tunnel_id, connected_clients FROM w ORDER BY tunnel_id, server, sent_at_ms DESC, seq DESC)
       SELECT w.tunnel_id, sum(w.rx_bytes) AS rx, sum(w.tx_bytes) AS tx, sum(w.tcp_connections) AS conns,
              (SELECT sum(l.connected_clients) FROM latest l WHERE l.tunnel_id = w.tunnel_id) AS clients
         FROM w GROUP BY w.tunnel_id`,
      [tunnelIds, this.windowStartMs()],
    );
    for (const r of rows) {
      found.set(r.tunnel_id, {
        connectedClients: Number(r.clients),
        metrics: {
          rx: Number(r.rx) / this.windowSeconds,
          tx: Number(r.tx) / this.windowSeconds,
          tcpConnectionRate: Number(r.conns) / this.windowSeconds,
        },
      });
    }
    return found;
  }

  async status(tunnelId: string): Promise<TunnelStatus> {
    return (await this.statuses([tunnelId])).get(tunnelId) ?? NOTHING_HEARD;
  }

  async forget(tunnelId: string): Promise<void> {
    await this.ds.query(`DELETE FROM tunnel_status_reports WHERE tunnel_id = $1`, [tunnelId]);
  }

  /** Drops reports that left the window (any replica may: they count for nothing anywhere). */
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM tunnel_status_reports WHERE received_at_ms < $1`, [this.windowStartMs()]);
  }

  private windowStartMs(): number {
    return (Math.floor(this.clock() / 1000) - this.windowSeconds + 1) * 1000;
  }
}
