import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ConcurrencyError, successorIssuerId } from '@certplane/domain';
import { newCorrelationId } from '@certplane/event-store';
import { ReadinessChecks } from '@certplane/observability';
import { remainingLife } from '@certplane/pki';
import { APP_LOGGER, AppLogger, caLifeCheck, PeriodicPass } from '@certplane/platform';
import { CertificateAuthorityStore } from '@certplane/vault';
import { ActivateIssuerCommand } from '../activate-issuer/activate-issuer.command';
import { CreateIssuerCommand } from '../create-issuer/create-issuer.command';
import { RetireIssuersCommand } from '../retire-issuers/retire-issuers.command';

const CHECK_EVERY_MS = 60 * 60 * 1000;
const ACTOR = 'service:planned-rotation';
const RETIRE_ACTOR = 'service:issuer-retirement';

/**
 * What happens to issuers with time, checked at start and every hour on each api process:
 *
 * Retirement: a superseded issuer whose certificates have all expired, and any issuer but the active one past
 * its own notAfter, retires (the aggregate decides, RetireIssuersHandler).
 *
 * Keys that would not open (an HSM key gone): the issuers are read again, so one that is back answers again.
 *
 * Planned rotation, CERTPLANE_CA_ROTATE_AT_REMAINING: when the active issuer has less than that share of its life left, it gets
 * a successor (a new key and self-signed root), activated at once; renewals then move clients to it, and the
 * old issuer answers for its own certificates until they expire. Checked at start and every hour. The
 * successor's id follows from the issuer's, so api replicas deciding it at once make one: the first append
 * wins, the others find it there and activate it, which changes nothing more.
 * An issuer under an operator's root is not replaced this way (the root must sign its successor): the
 * health check warns instead.
 */
@Injectable()
export class IssuerLifecyclePass implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pass: PeriodicPass;
  private warnedAbout?: string;

  constructor(
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly store: CertificateAuthorityStore,
    private readonly commands: CommandBus,
    private readonly readiness: ReadinessChecks,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.pass = new PeriodicPass(
      () => this.runOnce(),
      (e) => this.logger.error('the issuer pass failed; the next pass tries again', { error: (e as Error).message }),
    );
  }

  onApplicationBootstrap(): void {
    this.readiness.add(caLifeCheck(this.store, this.config.ca.rotateAtRemaining));
    void this.pass.run();
    this.pass.start(CHECK_EVERY_MS);
  }

  async runOnce(now = new Date()): Promise<void> {
    if ((await this.store.issuers()).unavailable.length > 0) this.store.refresh();
    await this.retireDue(now);
    await this.rotateIfDue(now);
  }

  async retireDue(now = new Date()): Promise<string[]> {
    const correlationId = newCorrelationId();
    const retired = await this.commands.execute<RetireIssuersCommand, string[]>(
      new RetireIssuersCommand({ correlationId, requestId: correlationId, actor: RETIRE_ACTOR }, now),
    );
    for (const issuerId of retired) this.logger.info('issuer retired: it answers for nothing any more', { issuerId });
    return retired;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pass.stop();
  }

  async rotateIfDue(now = new Date()): Promise<void> {
    const share = this.config.ca.rotateAtRemaining;
    if (share === undefined) return;
    const { active } = await this.store.issuers();
    const left = remainingLife(active.ca, now);
    if (left >= share) return;
    if (active.chainPem !== active.ca.certificatePem) {
      if (this.warnedAbout !== active.id)
        this.logger.warn("the active issuer is under an operator's root and near its end: rotate it by hand", {
          issuerId: active.id,
          remaining: left,
        });
      this.warnedAbout = active.id;
      return;
    }
    const successor = successorIssuerId(active.id);
    const correlationId = newCorrelationId();
    const context = { correlationId, requestId: correlationId, actor: ACTOR };
    try {
      await this.commands.execute(new CreateIssuerCommand('root', context, successor));
    } catch (e) {
      // Another replica made it first.
      if (!(e instanceof ConcurrencyError)) throw e;
    }
    await this.commands.execute(new ActivateIssuerCommand(successor, context));
    this.logger.info('planned rotation: a successor issuer signs new certificates now', {
      issuerId: successor,
      previousIssuerId: active.id,
      previousRemaining: left,
    });
  }
}
