import { CoreMessage } from '@certplane/messaging';
import { TunnelCredentialCache } from './credential-cache';
import {
  MalformedStatusReportError,
  MAX_STATUS_REPORT_BYTES,
  parseStatusReport,
  STATUS_SIGNATURE_HEADER,
  verifyStatusSignature,
} from './status-report';
import { parseTunnelStatusSubject } from './status-subject';
import { TunnelMetricsStore } from './tunnel-metrics.store';

export const DROP_REASONS = [
  'badSubject',
  'tooLarge',
  'unsigned',
  'unknownTunnel',
  'badSignature',
  'malformed',
  'stale',
  'replayed',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type ReceiveOutcome = 'accepted' | DropReason;

export interface StatusReceiverStats {
  accepted: number;
  dropped: Record<DropReason, number>;
}

export interface StatusReceiverOptions {
  subjectPrefix: string;
  credentials: TunnelCredentialCache;
  metrics: TunnelMetricsStore;
  /** How far sentAt may be from certplane's clock, either way. Default 60 s. */
  maxSkewMs?: number;
  clock?: () => number;
}

/**
 * Takes one status report off the NATS and either records it or drops it, counting why. Checks
 * run cheapest and least trusting first; the payload is parsed only after its signature has
 * been verified with the tunnel's current token, so a rotated-away token stops working at once.
 */
export class TunnelStatusReceiver {
  private readonly counts: StatusReceiverStats = {
    accepted: 0,
    dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>,
  };
  private readonly maxSkewMs: number;
  private readonly clock: () => number;

  constructor(private readonly opts: StatusReceiverOptions) {
    this.maxSkewMs = opts.maxSkewMs ?? 60_000;
    this.clock = opts.clock ?? Date.now;
  }

  async receive(msg: CoreMessage): Promise<ReceiveOutcome> {
    const outcome = await this.judge(msg);
    if (outcome === 'accepted') this.counts.accepted++;
    else this.counts.dropped[outcome]++;
    return outcome;
  }

  stats(): StatusReceiverStats {
    return { accepted: this.counts.accepted, dropped: { ...this.counts.dropped } };
  }

  private async judge(msg: CoreMessage): Promise<ReceiveOutcome> {
    const ref = parseTunnelStatusSubject(this.opts.subjectPrefix, msg.subject);
    if (!ref) return 'badSubject';
    if (msg.data.length > MAX_STATUS_REPORT_BYTES) return 'tooLarge';
    const signature = headerValue(msg.headers, STATUS_SIGNATURE_HEADER);
    if (!signature) return 'unsigned';
    const credentials = await this.opts.credentials.get(ref.namespace, ref.name);
    if (!credentials) return 'unknownTunnel';
    if (!verifyStatusSignature(msg.data, signature.trim(), credentials.authToken)) return 'badSignature';
    let report;
    try {
      report = parseStatusReport(msg.data);
    } catch (e) {
      if (e instanceof MalformedStatusReportError) return 'malformed';
      throw e;
    }
    const now = this.clock();
    const sentAtMs = Date.parse(report.sentAt);
    if (Math.abs(now - sentAtMs) > this.maxSkewMs) return 'stale';
    // Kept in the window longer than the skew allows a copy to pass, so a copy is refused whichever replica takes it.
    return (await this.opts.metrics.record(credentials.tunnelId, signature.trim(), report, now))
      ? 'accepted'
      : 'replayed';
  }
}

/** NATS header names are case-sensitive on the wire; senders differ, so match either way. */
function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}
