import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { DEFAULT_PROFILE_NAME, ValidationError } from '@certplane/domain';
import { ClientRepository, ProfileCatalogue } from '@certplane/event-store';
import { CertificateInput } from '../certificate-input';
import { RenewCertificateCommand } from './renew-certificate.command';

/**
 * Records the renewal; the cert-issuer issues the new certificate (a new server key, or the CSR's
 * key) and, with revokeOld, revokes the older live ones as superseded in the same append, so the
 * client is never without a valid certificate. A renewal a client certificate asks for supersedes
 * that certificate the same way: a certificate can replace itself, never multiply. One that would
 * take the client over CERTPLANE_MAX_VALID_CERTIFICATES is refused (409 CERTIFICATE_LIMIT_REACHED).
 */
@CommandHandler(RenewCertificateCommand)
export class RenewCertificateHandler implements ICommandHandler<RenewCertificateCommand, void> {
  constructor(
    private readonly clients: ClientRepository,
    private readonly certificates: CertificateInput,
    private readonly profiles: ProfileCatalogue,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ clientId, request, context, askedBy, profile: label }: RenewCertificateCommand): Promise<void> {
    if (request.revokeOld !== undefined && typeof request.revokeOld !== 'boolean')
      throw new ValidationError('INVALID_BODY', 'revokeOld must be true or false');
    const under =
      label === undefined && request.csr === undefined ? undefined : (await this.clients.load(clientId)).profile;
    // A renewal keeps the client's profile: an EST label naming another is refused, not a move.
    if (label !== undefined && label !== (under ?? DEFAULT_PROFILE_NAME))
      throw new ValidationError(
        'PROFILE_MISMATCH',
        `the client is under the certificate profile ${JSON.stringify(under ?? DEFAULT_PROFILE_NAME)}, not ${JSON.stringify(label)}`,
      );
    // The CSR's key type is held to the client's profile.
    const csr =
      request.csr === undefined
        ? undefined
        : await this.certificates.csr(request.csr, await this.profiles.resolve(under));
    await this.clients.update(
      clientId,
      async (client) => ({
        events: client.renew(
          { csr, revokeOld: request.revokeOld === true, supersedes: askedBy },
          { maxValid: this.config.maxValidCertificates, at: new Date() },
        ),
      }),
      context,
    );
  }
}
