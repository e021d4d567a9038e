import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertRevocationReason, Client } from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { ApiError } from '../../http/api-error';
import { CertificateHolder } from '../certificate-holder';
import { HeldCertificateView, heldCertificateView } from '../held-certificate-view';
import { RevokeCertificateCommand } from './revoke-certificate.command';

/**
 * One certificate revoked by its client's aggregate, appended in this request's transaction: the
 * answer is the decision, and the read models (CRL, OCSP, mTLS) follow within the projector's lag.
 */
@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand, HeldCertificateView> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly holder: CertificateHolder,
  ) {}

  async execute({ serialNumber, reason, context, askingClientId }: RevokeCertificateCommand): Promise<HeldCertificateView> {
    const clientId = await this.holder.clientOf(serialNumber);
    if (askingClientId !== undefined) {
      if (askingClientId !== clientId) throw new ApiError(403, 'FORBIDDEN', 'a client certificate may act on its own client only');
      assertRevocationReason(reason);
      if (reason !== 'keyCompromise') throw new ApiError(403, 'FORBIDDEN', 'a client certificate may revoke its own certificates for keyCompromise only');
    }
    const at = new Date();
    let after: Client | undefined;
    await this.clients.update(
      clientId,
      async (client) => {
        const events = client.revokeCertificate(serialNumber, reason, at);
        after = client.evolve(events);
        return { events };
      },
      context,
    );
    return heldCertificateView(after!, serialNumber, at, context.actor);
  }
}
