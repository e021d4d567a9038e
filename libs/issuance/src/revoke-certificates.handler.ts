import { Injectable } from '@nestjs/common';
import { ClientRepository, EventEnvelope } from '@certplane/event-store';
import { ISSUER_ACTOR } from './issue-certificate.handler';

/** ClientRemoved → CertificateRevoked for each certificate still live; a second delivery finds none. */
@Injectable()
export class RevokeCertificatesHandler {
  constructor(private readonly clients: ClientRepository) {}

  async handle(clientId: string, cause: EventEnvelope): Promise<{ revoked: number }> {
    const appended = await this.clients.update(
      clientId,
      async (client) => ({ events: client.revokeCertificates('cessationOfOperation', new Date(cause.recordedAt)) }),
      { correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor: ISSUER_ACTOR },
    );
    return { revoked: appended.length };
  }
}
