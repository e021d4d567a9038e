import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { ClientKeyVault } from '@certplane/vault';
import { CertificateInput } from '../certificate-input';
import { RegisterCertificateCommand } from './register-certificate.command';

/**
 * PUT /clients/:id/certificate: an existing certificate of this CA becomes the client's newest,
 * registered and not issued. Its serial is claimed race-free (no two clients hold one
 * certificate); a server-held key of the client is deleted, since details must no longer hand out
 * a key that does not match. Older certificates stay valid, as after a renewal, up to
 * CERTPLANE_MAX_VALID_CERTIFICATES. The certificate must state this client's identity (the domain checks).
 */
@CommandHandler(RegisterCertificateCommand)
export class RegisterCertificateHandler implements ICommandHandler<RegisterCertificateCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
    private readonly keys: ClientKeyVault,
    private readonly certificates: CertificateInput,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ clientId, certificate, context }: RegisterCertificateCommand): Promise<void> {
    const registered = await this.certificates.registered(certificate);
    await this.clients.update(
      clientId,
      async (client) => ({
        events: client.registerCertificate(registered, { maxValid: this.config.maxValidCertificates, at: new Date() }),
        also: [this.registry.reserveCertificate(clientId, registered.serialNumber), this.keys.delete(clientId)],
      }),
      context,
    );
  }
}
