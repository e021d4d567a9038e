import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertRevocationReason } from '@certplane/domain';
import { ApiError } from '../../http/api-error';
import { CertificateHolder } from '../certificate-holder';
import { HeldCertificateView } from '../held-certificate-view';
import { RevokeCertificateCommand } from './revoke-certificate.command';

/**
 * One certificate revoked by its client's aggregate, appended in this request's transaction: the
 * answer is the decision, and the read models (CRL, OCSP, mTLS) follow within the projector's lag.
 */
@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand, HeldCertificateView> {
  constructor(private readonly holder: CertificateHolder) {}

  async execute({
    serialNumber,
    reason,
    context,
    askingClientId,
  }: RevokeCertificateCommand): Promise<HeldCertificateView> {
    const clientId = await this.holder.clientOf(serialNumber);
    if (askingClientId !== undefined) {
      if (askingClientId !== clientId)
        throw new ApiError(403, 'FORBIDDEN', 'a client certificate may act on its own client only');
      assertRevocationReason(reason);
      if (reason !== 'keyCompromise')
        throw new ApiError(
          403,
          'FORBIDDEN',
          'a client certificate may revoke its own certificates for keyCompromise only',
        );
    }
    return this.holder.decide(serialNumber, clientId, context, (client, at) =>
      client.revokeCertificate(serialNumber, reason, at),
    );
  }
}
