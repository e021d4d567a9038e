import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Client } from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { certificateView, CertificateView, revokersIn } from '../client-view';
import { ListClientCertificatesQuery } from './list-client-certificates.query';

/** Every certificate the client ever held, oldest first, from its own stream (removed clients too). */
@QueryHandler(ListClientCertificatesQuery)
export class ListClientCertificatesHandler implements IQueryHandler<
  ListClientCertificatesQuery,
  { items: CertificateView[] }
> {
  constructor(private readonly clients: ClientRepository) {}

  async execute({ clientId }: ListClientCertificatesQuery): Promise<{ items: CertificateView[] }> {
    const history = await this.clients.history(clientId);
    const client = Client.fromHistory(clientId, history);
    const revokers = revokersIn(history);
    const now = new Date();
    return { items: client.certificates.map((c) => certificateView(c, now, revokers.get(c.serialNumber))) };
  }
}
