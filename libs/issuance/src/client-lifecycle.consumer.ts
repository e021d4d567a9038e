import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CertplaneConfig } from '@certplane/config';
import { ClientEnrolled, ClientRemoved } from '@certplane/domain';
import { DeadLetterStore, decodeEvent } from '@certplane/event-store';
import { eventSubject, IncomingMessage, MessageBus, PoisonMessageError, Subscription } from '@certplane/messaging';
import { APP_LOGGER, AppLogger, CONFIG, consumerSpec, MESSAGE_BUS } from '@certplane/platform';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';

export const CERT_ISSUER_DURABLE = 'cert-issuer';

/** The cert-issuer's durable consumer: several issuer processes share it as one work queue. */
@Injectable()
export class ClientLifecycleConsumer implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly deadLetters: DeadLetterStore,
    private readonly issue: IssueCertificateHandler,
    private readonly revoke: RevokeCertificatesHandler,
  ) {}

  async onModuleInit(): Promise<void> {
    const prefix = this.config.nats.subjectPrefix;
    const subjects = [ClientEnrolled, ClientRemoved].map((e) => eventSubject(prefix, e.category, e.type));
    this.subscription = await this.bus.consume(consumerSpec(this.config, CERT_ISSUER_DURABLE, subjects), (m) => this.handle(m), this.deadLetters.record);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  async handle(msg: IncomingMessage): Promise<void> {
    const { envelope, event } = decodeEvent(msg.data);
    const clientId = (event.data as { clientId: string }).clientId;
    try {
      if (event.type === ClientEnrolled.type) {
        const { issued } = await this.issue.handle(clientId, envelope);
        if (issued) this.logger.info('certificate issued', { clientId, correlationId: envelope.metadata.correlationId });
      } else if (event.type === ClientRemoved.type) {
        const { revoked } = await this.revoke.handle(clientId, envelope);
        if (revoked) this.logger.info('certificates revoked', { clientId, revoked, correlationId: envelope.metadata.correlationId });
      } else {
        throw new PoisonMessageError(`the cert-issuer does not handle ${event.type}`);
      }
    } catch (e) {
      this.logger.warn('cert-issuer could not handle an event', { type: event.type, clientId, delivery: msg.deliveryCount, error: (e as Error).message });
      throw e;
    }
  }
}
