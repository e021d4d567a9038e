import { Inject, Injectable } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { GlobalCheckpoint } from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';
import { APP_LOGGER, AppLogger, Reconciler } from '@certplane/platform';
import { Projector } from './projector';

/** Events one pass reads at most; the next pass takes the rest. */
const PASS_LIMIT = 500;

/**
 * Re-drives the read models from the store when the news was lost: every
 * CERTPLANE_RECONCILE_AFTER_MS, each projection's streams with events that old past its checkpoint
 * are brought up to them (Projector.catchUpBehind), counted in certplane_projection_caught_up_total.
 * A stream whose news is only late is caught up by the news itself first; either way each event is
 * applied once. Like the issuance reconciler, each projection keeps a low-water mark in commit order,
 * so a pass reads only past what is applied; a process starts from the beginning of the store.
 */
@Injectable()
export class ProjectionReconciler extends Reconciler {
  /** Each projection's low-water mark (Projector.catchUpBehind). */
  private readonly settledThrough = new Map<string, GlobalCheckpoint>();

  constructor(
    private readonly projector: Projector,
    private readonly metrics: CertplaneMetrics,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    super('projection', config.reconcile.afterMs, logger);
  }

  protected async pass(): Promise<void> {
    for (const { projection, streamId, applied } of await this.projector.catchUpBehind(
      this.config.reconcile.afterMs,
      PASS_LIMIT,
      this.settledThrough,
    )) {
      this.metrics.projectionsCaughtUp.inc({ projection });
      this.logger.info('projection caught up from the event store', { projection, streamId, applied });
    }
  }
}
