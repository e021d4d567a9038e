import { Inject, Injectable } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { CertificateIssued } from '@certplane/domain';
import { PostgresEventStore, toEnvelope } from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';
import { APP_LOGGER, AppLogger, Reconciler } from '@certplane/platform';
import { ISSUING_EVENTS, REVOKING_EVENTS } from './client-lifecycle.consumer';
import { IssueCertificateHandler } from './issue-certificate.handler';

/** Requests one pass takes at most; the next pass takes the rest. */
const PASS_LIMIT = 500;

const REQUESTS = ISSUING_EVENTS.map((e) => e.type);
/** A certificate answers a request; a disable, delete or leave drops it; a newer request takes its place. */
const ANSWERS = [CertificateIssued.type, ...REVOKING_EVENTS.map((e) => e.type), ...REQUESTS];

/**
 * Re-drives what the store says is due when the news of it was lost (a stream deleted or purged, a
 * message past its retention): an issuance request with no certificate after
 * CERTPLANE_RECONCILE_AFTER_MS is handled from its stored event, as its message would have been.
 * The aggregate decides, so a request the issuer is handling right then ends in one certificate.
 */
@Injectable()
export class IssuanceReconciler extends Reconciler {
  /** Requests a pass found due and the aggregate did not: not handled again by this process. */
  private readonly nothingDue: string[] = [];

  constructor(
    private readonly store: PostgresEventStore,
    private readonly issue: IssueCertificateHandler,
    private readonly metrics: CertplaneMetrics,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    super('issuance', config.reconcile.afterMs, logger);
  }

  protected async pass(): Promise<void> {
    const due = await this.store.readUnanswered(REQUESTS, ANSWERS, this.config.reconcile.afterMs, this.nothingDue, PASS_LIMIT);
    for (const request of due) {
      const clientId = (request.data as { clientId: string }).clientId;
      let outcome: 'issued' | 'nothing_due' | 'failed';
      try {
        outcome = (await this.issue.handle(clientId, toEnvelope(request))).issued ? 'issued' : 'nothing_due';
      } catch (e) {
        outcome = 'failed';
        this.logger.warn('re-driving an issuance request failed; the next pass retries', { type: request.type, streamId: request.streamId, error: (e as Error).message });
      }
      if (outcome === 'nothing_due') this.nothingDue.push(request.eventId);
      this.metrics.issuanceRedriven.inc({ type: request.type, outcome });
      this.logger.info('issuance request re-driven', { type: request.type, streamId: request.streamId, streamVersion: request.streamVersion, outcome });
    }
  }
}
