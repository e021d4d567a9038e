import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { SampledGauge } from './sampled-gauge';

// A scrape must answer even when Postgres or NATS hangs: a gauge that cannot be read in time is left out.
const SAMPLE_TIMEOUT_MS = 2_000;

export interface CertplaneMetricsOptions {
  /** A gauge could not be read for this scrape (it is left out of the answer). */
  onSampleError?: (metric: string, error: Error) => void;
}

/**
 * Every metric a certplane process exposes on /metrics, in one registry per process (not
 * prom-client's global one: tests run several certplane instances in one process). Counters and
 * histograms are fed by wrappers around the services they observe; the lag and expiry gauges are
 * read when Prometheus scrapes, from whichever components this process runs.
 */
export class CertplaneMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'certplane_http_request_duration_seconds',
    help: 'HTTP requests by method, route template ("unmatched" before or without a route) and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'certplane_events_appended_total',
    help: 'Events this process committed to the event store, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly certificatesIssued = new Counter({
    name: 'certplane_certificates_issued_total',
    help: 'Client certificates this process issued (CertificateIssued committed)',
    registers: [this.registry],
  });

  readonly certificatesRevoked = new Counter({
    name: 'certplane_certificates_revoked_total',
    help: 'Client certificates this process revoked (CertificateRevoked committed), by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  readonly signingDuration = new Histogram({
    name: 'certplane_certificate_signing_duration_seconds',
    help: 'Time the cert-issuer took to produce one client certificate: key generation or CSR reading, signing and lint',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly eventsHandled = new Counter({
    name: 'certplane_events_handled_total',
    help: 'Events handled by a consumer of this process, by consumer, type and outcome (ok, failed)',
    labelNames: ['consumer', 'type', 'outcome'],
    registers: [this.registry],
  });

  readonly busMessagesRejected = new Counter({
    name: 'certplane_bus_messages_rejected_total',
    help: 'Bus messages a consumer of this process acked without acting on them, since they were not news of a stored event, by consumer and reason (unknown_event, mismatch, republished)',
    labelNames: ['consumer', 'reason'],
    registers: [this.registry],
  });

  readonly projectionsCaughtUp = new Counter({
    name: 'certplane_projection_caught_up_total',
    help: 'Streams a projection of this process found behind the event store for longer than CERTPLANE_RECONCILE_AFTER_MS and brought up to its head from the store, by projection',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  readonly issuanceRedriven = new Counter({
    name: 'certplane_issuance_redriven_total',
    help: 'Issuance requests with no certificate and revocations with no CertificateRevoked that the reconciler of this process found after CERTPLANE_RECONCILE_AFTER_MS and handled from the store, by event type and outcome (issued, revoked, nothing_due, failed)',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });

  readonly eventHandlingDuration = new Histogram({
    name: 'certplane_event_handling_duration_seconds',
    help: 'Time a consumer of this process took to handle one event, by consumer and type',
    labelNames: ['consumer', 'type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly outboxLag: SampledGauge;
  readonly consumerLag: SampledGauge;
  readonly projectionLag: SampledGauge;
  readonly caExpiry: SampledGauge;
  readonly caRemainingLife: SampledGauge;

  constructor(options: CertplaneMetricsOptions = {}) {
    const sampled = (name: string, help: string, labelNames: string[] = []) =>
      new SampledGauge({
        name,
        help,
        labelNames,
        registry: this.registry,
        timeoutMs: SAMPLE_TIMEOUT_MS,
        onError: options.onSampleError,
      });
    this.outboxLag = sampled(
      'certplane_outbox_lag_events',
      'Events committed but not yet published to the bus (outbox rows)',
    );
    this.consumerLag = sampled(
      'certplane_consumer_lag_messages',
      'Messages a durable consumer of this process has not yet settled (pending + unacknowledged)',
      ['consumer'],
    );
    this.projectionLag = sampled(
      'certplane_projection_lag_events',
      'Events in the store a projection has not yet applied',
      ['projection'],
    );
    this.caExpiry = sampled(
      'certplane_ca_expiry_timestamp_seconds',
      "When the active issuer's certificate expires (notAfter), Unix time in seconds",
    );
    this.caRemainingLife = sampled(
      'certplane_ca_remaining_life_ratio',
      'The share of its life (notBefore to notAfter) the active issuer has left, 0 to 1',
    );
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
