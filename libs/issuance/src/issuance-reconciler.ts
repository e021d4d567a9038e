import { Inject, Injectable } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { CertificateIssued, CertificateRevoked, CLIENT_EVENTS, eventRegistry } from '@certplane/domain';
import { GlobalCheckpoint, PostgresEventStore, START_OF_STORE, StoredEvent } from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';
import { APP_LOGGER, AppLogger, Reconciler } from '@certplane/platform';
import { ISSUING_EVENTS, REVOKING_EVENTS } from './client-lifecycle.consumer';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';

/** Events one pass takes at most of each kind; the next pass takes the rest. */
const PASS_LIMIT = 500;

const REQUESTS = ISSUING_EVENTS.map((e) => e.type);
const REVOCATIONS = REVOKING_EVENTS.map((e) => e.type);

type Outcome = 'issued' | 'revoked' | 'nothing_due' | 'failed';

interface Due {
  what: string;
  types: string[];
  /** Later events of the stream that settle one: it was acted on, or a newer one of either kind took its place. */
  answeredBy: string[];
  act: (clientId: string, cause: StoredEvent) => Promise<Outcome>;
  /** Low-water mark: every event of these types up to here is settled, so a pass looks only past it. */
  settledThrough: GlobalCheckpoint;
}

/**
 * Re-drives what the store says is due when the news of it was lost (a stream deleted or purged, a
 * message past its retention), CERTPLANE_RECONCILE_AFTER_MS after it was recorded, from its stored
 * event, as its message would have been handled:
 * - an issuance request (enrol, enable, renew) with no certificate;
 * - a revocation (disable, delete, leave) with no CertificateRevoked after it, so a deleted
 *   client's certificate does not stay good in OCSP, the CRL and mTLS for want of a message.
 * The aggregate decides, so a request the issuer is handling right then ends in one certificate,
 * and a revocation in one CertificateRevoked per certificate. Each kind keeps a low-water mark
 * (PostgresEventStore.readUnanswered), so a pass reads only past what is settled; a process
 * starts from the beginning of the store.
 */
@Injectable()
export class IssuanceReconciler extends Reconciler {
  /** Events a pass found due and the aggregate did not: not handled again by this process. */
  private readonly nothingDue: string[] = [];
  private readonly kinds: Due[];

  constructor(
    private readonly store: PostgresEventStore,
    issue: IssueCertificateHandler,
    revoke: RevokeCertificatesHandler,
    private readonly metrics: CertplaneMetrics,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    super('issuance', config.reconcile.afterMs, logger);
    this.kinds = [
      {
        what: 'issuance request',
        types: REQUESTS,
        answeredBy: [CertificateIssued.type, ...REVOCATIONS, ...REQUESTS],
        act: async (clientId, cause) => ((await issue.handle(clientId, cause)).issued ? 'issued' : 'nothing_due'),
        settledThrough: START_OF_STORE,
      },
      {
        what: 'revocation',
        types: REVOCATIONS,
        answeredBy: [CertificateRevoked.type, ...REVOCATIONS, ...REQUESTS],
        act: async (clientId, cause) =>
          (await revoke.handle(clientId, cause)).revoked > 0 ? 'revoked' : 'nothing_due',
        settledThrough: START_OF_STORE,
      },
    ];
  }

  protected async pass(): Promise<void> {
    for (const kind of this.kinds) await this.redrive(kind);
  }

  private async redrive(kind: Due): Promise<void> {
    const { what, types, answeredBy, act } = kind;
    const { due, settledThrough } = await this.store.readUnanswered(
      types,
      answeredBy,
      this.config.reconcile.afterMs,
      this.nothingDue,
      PASS_LIMIT,
      kind.settledThrough,
    );
    // What this pass handles is still open at the mark: the next pass finds it answered and moves on.
    kind.settledThrough = settledThrough;
    for (const event of due) {
      let outcome: Outcome;
      try {
        const { clientId } = eventRegistry.parseOf(CLIENT_EVENTS, event.type, event.schemaVersion, event.data).data;
        outcome = await act(clientId, event);
      } catch (e) {
        outcome = 'failed';
        this.logger.warn(`re-driving a ${what} failed; the next pass retries`, {
          type: event.type,
          streamId: event.streamId,
          error: (e as Error).message,
        });
      }
      if (outcome === 'nothing_due') this.nothingDue.push(event.eventId);
      this.metrics.issuanceRedriven.inc({ type: event.type, outcome });
      this.logger.info(`${what} re-driven`, {
        type: event.type,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        outcome,
      });
    }
  }
}
