import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ValidationError } from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { CertificateInput } from '../certificate-input';
import { RenewCertificateCommand } from './renew-certificate.command';

/**
 * Records the renewal; the cert-issuer issues the new certificate (a new server key, or the CSR's
 * key) and, with revokeOld, revokes the older live ones as superseded in the same append, so the
 * client is never without a valid certificate.
 */
@CommandHandler(RenewCertificateCommand)
export class RenewCertificateHandler implements ICommandHandler<RenewCertificateCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly certificates: CertificateInput,
  ) {}

  async execute({ clientId, request, context }: RenewCertificateCommand): Promise<void> {
    if (request.revokeOld !== undefined && typeof request.revokeOld !== 'boolean') throw new ValidationError('INVALID_BODY', 'revokeOld must be true or false');
    const csr = request.csr === undefined ? undefined : await this.certificates.csr(request.csr);
    await this.clients.update(clientId, async (client) => ({ events: client.renew({ csr, revokeOld: request.revokeOld === true }) }), context);
  }
}
