import { DataSource } from 'typeorm';
import { CertificateRevoked, eventRegistry, ISSUER_STREAM_PREFIX } from '@certplane/domain';
import { OutboxRelay, PostgresEventStore } from '@certplane/event-store';
import { MessageBus } from '@certplane/messaging';
import { CertplaneMetrics, ReadinessCheck, responseTime } from '@certplane/observability';
import { remainingLife } from '@certplane/pki';
import { ReadModelUpdates } from '@certplane/read-model';
import { CertificateAuthorityStore } from '@certplane/vault';
import type { AppLogger } from './logger';

/**
 * How the platform's services are observed, kept out of the services themselves: counters fed
 * from the event store's append notifications, gauges read from the outbox and the CA when
 * Prometheus scrapes, and the dependency checks behind /health/ready.
 */
export function observeEventStore(store: PostgresEventStore, metrics: CertplaneMetrics): void {
  store.onAppended((events) => {
    for (const e of events) {
      metrics.eventsAppended.inc({ type: e.type });
      if (e.type === 'CertificateIssued') metrics.certificatesIssued.inc();
      if (e.type === 'CertificateRevoked')
        metrics.certificatesRevoked.inc({ reason: eventRegistry.dataOf(CertificateRevoked, e).reason });
    }
  });
}

export function observeOutbox(relay: OutboxRelay, metrics: CertplaneMetrics): void {
  metrics.outboxLag.sample(async (set) => set(await relay.pending()));
}

/** Reading the CA loads it (creating it on a first start, as issuing would): every process serves or signs with it. */
export function observeCaExpiry(ca: CertificateAuthorityStore, metrics: CertplaneMetrics): void {
  metrics.caExpiry.sample(async (set) => set((await ca.get()).notAfter.getTime() / 1000));
  metrics.caRemainingLife.sample(async (set) => set(remainingLife(await ca.get())));
}

// Without planned rotation, an operator has this share of the issuer's life to rotate it by hand.
const WARN_AT_REMAINING = 0.2;

/**
 * Warns while the active issuer has less of its life left than planned rotation would allow it (20% when
 * it is off): an issuer past that was not rotated (an intermediate needs the operator's root), and when it
 * expires, every certificate it signed dies with it.
 */
export function caLifeCheck(ca: CertificateAuthorityStore, rotateAtRemaining: number | undefined): ReadinessCheck {
  return {
    name: 'ca:remainingLife',
    componentType: 'component',
    run: async () => {
      const left = remainingLife(await ca.get());
      const observed = { observedValue: Math.round(left * 1000) / 10, observedUnit: 'percent' };
      return left < (rotateAtRemaining ?? WARN_AT_REMAINING)
        ? {
            status: 'warn',
            ...observed,
            output: 'the active issuer is close to its end: create and activate a successor (POST /pki/issuers)',
          }
        : { status: 'pass', ...observed };
    },
  };
}

/**
 * An issuer whose key would not open (an HSM key gone): the others go on, and /health/ready warns naming it
 * until its key opens again at a later load.
 */
export function issuerKeysCheck(ca: CertificateAuthorityStore): ReadinessCheck {
  return {
    name: 'ca:issuerKeys',
    componentType: 'component',
    run: async () => {
      const { unavailable } = await ca.issuers();
      if (unavailable.length === 0) return { status: 'pass' };
      return {
        status: 'warn',
        observedValue: unavailable.length,
        observedUnit: 'issuers',
        output: `the key of issuer ${unavailable.map((i) => i.id).join(', ')} cannot be opened: its CRL and OCSP answers wait for it`,
      };
    },
  };
}

/** One log line when an issuer's key stops opening (its reason names no secret), and one when it opens again. */
export function reportIssuersWithoutKey(ca: CertificateAuthorityStore, logger: AppLogger): void {
  let reported = new Set<string>();
  ca.onLoaded(({ unavailable, all }) => {
    for (const issuer of unavailable)
      if (!reported.has(issuer.id))
        logger.error("an issuer's key cannot be opened: it cannot sign its CRL or OCSP answers until it can", {
          issuerId: issuer.id,
          error: issuer.reason,
        });
    for (const id of reported)
      if (all.some((i) => i.id === id)) logger.info("the issuer's key opens again", { issuerId: id });
    reported = new Set(unavailable.map((i) => i.id));
  });
}

/** Issuers created or activated by another process reach this one as the projector's commits of their streams. */
export function followIssuers(ca: CertificateAuthorityStore, updates: ReadModelUpdates): void {
  updates.follow((change) => {
    if (change.everything || change.streamIds.some((id) => id.startsWith(ISSUER_STREAM_PREFIX))) ca.reload();
  });
}

export function dependencyChecks(ds: DataSource, bus: MessageBus, jetstream: boolean): ReadinessCheck[] {
  return [
    { name: 'postgres:responseTime', componentType: 'datastore', run: () => responseTime(() => ds.query('SELECT 1')) },
    {
      name: jetstream ? 'jetstream:responseTime' : 'bus:responseTime',
      componentType: 'component',
      run: () =>
        responseTime(async () => {
          if (!(await bus.isHealthy()))
            throw new Error(
              jetstream ? 'NATS is not connected or the stream is unreachable' : 'the in-process bus is closed',
            );
        }),
    },
  ];
}
