/**
 * Plays tunnel servers: publishes signed status reports for tunnels over core NATS, exactly as
 * the README's "Status reports" section describes, and keeps the totals it sent so a caller can
 * check what certplane computed from them. Used by the tests (import TunnelLoadGenerator) and as
 * a benchmark against a running certplane:
 *
 *   node dist/bench/tunnel-load-generator.js
 *
 *   CERTPLANE_URL              default http://127.0.0.1:8080
 *   CERTPLANE_API_TOKEN        required
 *   NATS_URL                   default nats://127.0.0.1:4222
 *   CERTPLANE_NATS_TUNNELS_PREFIX  the certplane's status prefix (default certplane.tunnels)
 *   LOADGEN_TUNNELS            tunnels to create and report for (default 10)
 *   LOADGEN_REPORTS            reports per tunnel (default 100)
 *   LOADGEN_RATE               reports per second over all tunnels; 0 = as fast as possible (default 0)
 *
 * It creates a namespace of its own, reports, waits until certplane's ?metrics=1 answers match
 * what was sent, deletes the namespace (cascade) and prints key=value pairs as its last line.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreNatsClient } from '@certplane/messaging';
import {
  encodeStatusReport,
  METRICS_WINDOW_SECONDS,
  signStatusReport,
  STATUS_SIGNATURE_HEADER,
  tunnelStatusSubject,
} from '@certplane/tunnel-status';

export interface SimulatedTunnel {
  namespace: string;
  name: string;
  authToken: string;
}

export interface ReportCounts {
  connectedClients: number;
  rxBytes: number;
  txBytes: number;
  tcpConnections: number;
}

export interface SentTotals {
  reports: number;
  rxBytes: number;
  txBytes: number;
  tcpConnections: number;
  /** What the last report said: certplane's connectedClients for a tunnel with one server. */
  connectedClients: number;
}

export interface ReportOptions {
  /** Sign with this token instead of the tunnel's; null sends the report unsigned. */
  signWith?: string | null;
  sentAt?: Date;
  server?: string;
}

export interface RunOptions {
  tunnels: readonly SimulatedTunnel[];
  reportsPerTunnel: number;
  /** Reports per second over all tunnels; 0 or absent: as fast as NATS takes them. */
  ratePerSecond?: number;
  /** Counts are pseudo-random from this seed, so a run can be repeated. */
  seed?: number;
}

export class TunnelLoadGenerator {
  private readonly seq = new Map<string, number>();

  private constructor(
    private readonly nats: CoreNatsClient,
    private readonly statusSubjectPrefix: string,
  ) {}

  static async connect(natsUrl: string, statusSubjectPrefix: string): Promise<TunnelLoadGenerator> {
    return new TunnelLoadGenerator(
      await CoreNatsClient.connect({ servers: natsUrl, name: 'certplane-tunnel-load-generator' }),
      statusSubjectPrefix,
    );
  }

  /** Publishes one report; returns its payload (for replay tests). */
  report(tunnel: SimulatedTunnel, counts: ReportCounts, opts: ReportOptions = {}): Uint8Array {
    const key = `${tunnel.namespace}/${tunnel.name}`;
    const seq = (this.seq.get(key) ?? 0) + 1;
    this.seq.set(key, seq);
    const payload = encodeStatusReport({
      server: opts.server ?? 'loadgen',
      seq,
      sentAt: (opts.sentAt ?? new Date()).toISOString(),
      ...counts,
    });
    this.publishRaw(
      tunnel,
      payload,
      opts.signWith === null ? undefined : signStatusReport(payload, opts.signWith ?? tunnel.authToken),
    );
    return payload;
  }

  /** Sends a payload as it is, with the given signature header (or none). */
  publishRaw(tunnel: { namespace: string; name: string }, payload: Uint8Array, signature?: string): void {
    this.nats.publish(
      tunnelStatusSubject(this.statusSubjectPrefix, tunnel.namespace, tunnel.name),
      payload,
      signature ? { [STATUS_SIGNATURE_HEADER]: signature } : {},
    );
  }

  /** Round-robin over the tunnels, reportsPerTunnel each; returns what was sent, by `namespace/name`. */
  async run(opts: RunOptions): Promise<Map<string, SentTotals>> {
    const random = mulberry32(opts.seed ?? 1);
    const totals = new Map<string, SentTotals>(
      opts.tunnels.map((t) => [
        `${t.namespace}/${t.name}`,
        { reports: 0, rxBytes: 0, txBytes: 0, tcpConnections: 0, connectedClients: 0 },
      ]),
    );
    const total = opts.tunnels.length * opts.reportsPerTunnel;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const tunnel = opts.tunnels[i % opts.tunnels.length];
      const counts: ReportCounts = {
        connectedClients: Math.floor(random() * 20),
        rxBytes: Math.floor(random() * 1_000_000),
        txBytes: Math.floor(random() * 1_000_000),
        tcpConnections: Math.floor(random() * 50),
      };
      this.report(tunnel, counts);
      const t = totals.get(`${tunnel.namespace}/${tunnel.name}`)!;
      t.reports++;
      t.rxBytes += counts.rxBytes;
      t.txBytes += counts.txBytes;
      t.tcpConnections += counts.tcpConnections;
      t.connectedClients = counts.connectedClients;
      if (opts.ratePerSecond) {
        const due = started + ((i + 1) * 1000) / opts.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
      } else if (i % 1000 === 999) {
        await this.nats.flush(); // keep the client's outbound buffer bounded
      }
    }
    await this.nats.flush();
    return totals;
  }

  flush(): Promise<void> {
    return this.nats.flush();
  }

  close(): Promise<void> {
    return this.nats.close();
  }
}

/** What certplane should answer for a tunnel's ?metrics=1 once every report of `sent` is in its window. */
export function expectedMetrics(sent: SentTotals): { rx: number; tx: number; tcpConnectionRate: number } {
  return {
    rx: sent.rxBytes / METRICS_WINDOW_SECONDS,
    tx: sent.txBytes / METRICS_WINDOW_SECONDS,
    tcpConnectionRate: sent.tcpConnections / METRICS_WINDOW_SECONDS,
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const url = env.CERTPLANE_URL ?? 'http://127.0.0.1:8080';
  const token = env.CERTPLANE_API_TOKEN;
  if (!token) throw new Error('CERTPLANE_API_TOKEN is required');
  const positive = (name: string, def: number) => {
    const v = env[name] === undefined || env[name] === '' ? def : Number(env[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number >= 0`);
    return v;
  };
  const tunnelCount = positive('LOADGEN_TUNNELS', 10);
  const reportsPerTunnel = positive('LOADGEN_REPORTS', 100);
  const rate = positive('LOADGEN_RATE', 0);
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };

  const namespace = `loadgen-${randomBytes(4).toString('hex')}`;
  await api('POST', '/v1/namespace', { name: namespace });
  const tunnels: SimulatedTunnel[] = [];
  for (let i = 0; i < tunnelCount; i++) {
    const t = await api('POST', '/v1/tunnels', { name: `t${i}`, namespace, tcpPorts: [8000 + (i % 1000)] });
    tunnels.push({ namespace, name: t.name, authToken: t.authToken });
  }
  const generator = await TunnelLoadGenerator.connect(
    env.NATS_URL ?? 'nats://127.0.0.1:4222',
    env.CERTPLANE_NATS_TUNNELS_PREFIX ?? 'certplane.tunnels',
  );
  try {
    const started = performance.now();
    const sent = await generator.run({ tunnels, reportsPerTunnel, ratePerSecond: rate });
    const sentMs = performance.now() - started;
    process.stdout.write(
      `sent ${tunnelCount * reportsPerTunnel} reports in ${sentMs.toFixed(0)} ms; waiting for certplane's metrics to match\n`,
    );
    let matched = 0;
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      const listed: Array<{ name: string; metrics: unknown; connectedClients: number }> = await api(
        'GET',
        `/v1/tunnels?namespace=${namespace}&metrics=1`,
      );
      matched = listed.filter((t) => {
        const s = sent.get(`${namespace}/${t.name}`)!;
        return (
          JSON.stringify(t.metrics) === JSON.stringify(expectedMetrics(s)) && t.connectedClients === s.connectedClients
        );
      }).length;
      if (matched === tunnelCount) break;
      await sleep(100);
    }
    const settledMs = performance.now() - started;
    const reports = tunnelCount * reportsPerTunnel;
    process.stdout.write(
      `tunnels=${tunnelCount} reports=${reports} send_ms=${sentMs.toFixed(0)} send_per_s=${((reports / sentMs) * 1000).toFixed(0)} ` +
        `settled_ms=${settledMs.toFixed(0)} ingest_per_s=${((reports / settledMs) * 1000).toFixed(0)} matched=${matched}/${tunnelCount}\n`,
    );
    if (matched !== tunnelCount) process.exitCode = 1;
  } finally {
    await generator.close();
    await api('DELETE', `/v1/namespace/${namespace}?cascade=true`).catch((e) =>
      process.stderr.write(`cleanup failed: ${(e as Error).message}\n`),
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`tunnel load generator failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
