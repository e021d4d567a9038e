import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@certplane/event-store';
import { CERT_ISSUER_DURABLE } from '@certplane/issuance';
import { MessageBus } from '@certplane/messaging';
import { MESSAGE_BUS } from '@certplane/platform';
import { PROJECTOR_DURABLE } from '@certplane/projections';
import { CertificateAuthorityStore } from '@certplane/vault';
import type { FleetOverview } from '@certplane/api-contract';
import { GetOverviewQuery } from './get-overview.query';

const MINUTES = 60;
const DAYS = 90;

const CERTIFICATE_COUNTS = `
  SELECT count(*) FILTER (WHERE status <> 'revoked' AND not_after >= $1::timestamptz)::int AS valid,
         count(*) FILTER (WHERE status <> 'revoked' AND not_after >= $1::timestamptz AND not_after < $1::timestamptz + interval '7 days')::int AS expiring_7d,
         count(*) FILTER (WHERE status <> 'revoked' AND not_after >= $1::timestamptz AND not_after < $1::timestamptz + interval '30 days')::int AS expiring_30d,
         count(*) FILTER (WHERE status <> 'revoked' AND not_after < $1::timestamptz)::int AS expired,
         count(*) FILTER (WHERE status = 'revoked')::int AS revoked
    FROM rm_certificates`;

// Bucket 0 is the oldest minute; issued_at may sit a moment past now (clocks of other processes).
const ISSUED_PER_MINUTE = `
  SELECT least($2::int - 1, floor(extract(epoch FROM (issued_at - ($1::timestamptz - make_interval(mins => $2::int)))) / 60))::int AS bucket, count(*)::int AS n
    FROM rm_certificates WHERE issued_at > $1::timestamptz - make_interval(mins => $2::int) GROUP BY 1`;

const EXPIRING_PER_DAY = `
  SELECT floor(extract(epoch FROM (not_after - $1::timestamptz)) / 86400)::int AS bucket, count(*)::int AS n
    FROM rm_certificates WHERE status <> 'revoked' AND not_after >= $1::timestamptz AND not_after < $1::timestamptz + make_interval(days => $2::int) GROUP BY 1`;

/**
 * Every figure is one aggregate over the read models (indexed by status and not_after) or a
 * single read of the CA and the bus, so the overview costs the same for ten clients or a million.
 */
@QueryHandler(GetOverviewQuery)
export class GetOverviewHandler implements IQueryHandler<GetOverviewQuery, FleetOverview> {
  constructor(
    private readonly ds: DataSource,
    private readonly relay: OutboxRelay,
    private readonly ca: CertificateAuthorityStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ now }: GetOverviewQuery): Promise<FleetOverview> {
    const [statuses, [certificates], issued, expiring, ca, outbox, consumers] = await Promise.all([
      this.ds.query(`SELECT status, count(*)::int AS n FROM rm_clients GROUP BY status`) as Promise<
        Array<{ status: string; n: number }>
      >,
      this.ds.query(CERTIFICATE_COUNTS, [now]) as Promise<Array<FleetOverview['certificates']>>,
      this.ds.query(ISSUED_PER_MINUTE, [now, MINUTES]) as Promise<Bucket[]>,
      this.ds.query(EXPIRING_PER_DAY, [now, DAYS]) as Promise<Bucket[]>,
      this.ca.get(),
      this.relay.pending(),
      this.consumerLags(),
    ]);
    const clients = { enabled: 0, disabled: 0, removed: 0 };
    for (const { status, n } of statuses) if (status in clients) clients[status as keyof typeof clients] = n;
    return {
      at: now.toISOString(),
      clients,
      certificates,
      issued_per_minute: series(issued, MINUTES),
      expiring_per_day: series(expiring, DAYS),
      ca: { subject: ca.certificate.subject, not_after: ca.notAfter.toISOString() },
      lag: { outbox, consumers },
    };
  }

  private async consumerLags(): Promise<Record<string, number | null>> {
    const durables = [PROJECTOR_DURABLE, CERT_ISSUER_DURABLE];
    const lags = await Promise.all(durables.map((d) => this.bus.consumerLag(d).catch(() => undefined)));
    return Object.fromEntries(durables.map((d, i) => [d, lags[i] ?? null]));
  }
}

interface Bucket {
  bucket: number;
  n: number;
}

function series(buckets: Bucket[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  for (const { bucket, n } of buckets) if (bucket >= 0 && bucket < length) out[bucket] += n;
  return out;
}
