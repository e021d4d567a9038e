import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  CertificateRenewed,
  ClientDeleted,
  ClientDisabled,
  ClientEnabled,
  ClientEnrolled,
  ClientRemoved,
  isClientEvent,
} from '@certplane/domain';
import { eventSubject, PoisonMessageError } from '@certplane/messaging';
import { APP_LOGGER, AppLogger, EventConsumers } from '@certplane/platform';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';

export const CERT_ISSUER_DURABLE = 'cert-issuer';

/** Events that open an issuance request, and events that make certificates due for revocation. */
export const ISSUING_EVENTS = [ClientEnrolled, ClientEnabled, CertificateRenewed];
export const REVOKING_EVENTS = [ClientRemoved, ClientDeleted, ClientDisabled];
const isOneOf = (type: string, events: ReadonlyArray<{ type: string }>) => events.some((e) => e.type === type);

/** The cert-issuer's durable consumer: several issuer processes share it as one work queue. */
@Injectable()
export class ClientLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly issue: IssueCertificateHandler,
    private readonly revoke: RevokeCertificatesHandler,
  ) {}

  onModuleInit(): Promise<void> {
    const subjects = [...ISSUING_EVENTS, ...REVOKING_EVENTS].map((e) =>
      eventSubject(this.consumers.subjectPrefix, e.category, e.type),
    );
    return this.consumers.subscribe(CERT_ISSUER_DURABLE, subjects, async (event) => {
      if (!isClientEvent(event)) throw new PoisonMessageError(`the cert-issuer does not handle ${event.type}`);
      const clientId = event.data.clientId;
      const correlationId = event.metadata.correlationId;
      if (isOneOf(event.type, ISSUING_EVENTS)) {
        const { issued } = await this.issue.handle(clientId, event);
        if (issued) this.logger.info('certificate issued', { clientId, correlationId });
      } else if (isOneOf(event.type, REVOKING_EVENTS)) {
        const { revoked } = await this.revoke.handle(clientId, event);
        if (revoked) this.logger.info('certificates revoked', { clientId, revoked, correlationId });
      } else {
        throw new PoisonMessageError(`the cert-issuer does not handle ${event.type}`);
      }
    });
  }
}
