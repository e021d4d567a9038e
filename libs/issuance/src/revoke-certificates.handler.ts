import { Injectable } from '@nestjs/common';
import { ClientRepository, StoredEvent } from '@certplane/event-store';
import { ISSUER_ACTOR } from './issue-certificate.handler';

/**
 * ClientDisabled (certificateHold), ClientDeleted and ClientRemoved (cessationOfOperation) →
 * CertificateRevoked for each certificate they made due; a second delivery finds none. The time
 * of revocation is the time of the event that caused it.
 */
@Injectable()
export class RevokeCertificatesHandler {
  constructor(private readonly clients: ClientRepository) {}

  async handle(clientId: string, cause: StoredEvent): Promise<{ revoked: number }> {
    const { events: appended } = await this.clients.update(
      clientId,
      async (client) => ({ events: client.revokeDue(cause.recordedAt) }),
      { correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor: ISSUER_ACTOR },
    );
    return { revoked: appended.length };
  }
}
