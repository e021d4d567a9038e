import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IssuerNotPendingError, ValidationError } from '@certplane/domain';
import { IssuerRepository } from '@certplane/event-store';
import { checkIntermediate, PkiError } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { issuerView, IssuerView } from '../issuer-view';
import { InstallIssuerCertificateCommand } from './install-issuer-certificate.command';

/**
 * The certificate an operator's root signed for a pending intermediate, and the chain above it: checked to be
 * for the issuer's own key (its CSR's), a CA, and able to sign with that key, before it is recorded.
 */
@CommandHandler(InstallIssuerCertificateCommand)
export class InstallIssuerCertificateHandler implements ICommandHandler<InstallIssuerCertificateCommand, IssuerView> {
  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly issuers: IssuerRepository,
  ) {}

  async execute({ issuerId, certificate, chain, context }: InstallIssuerCertificateCommand): Promise<IssuerView> {
    const { after } = await this.issuers.update(
      issuerId,
      async (issuer) => {
        if (issuer.status !== 'pending' || !issuer.csrPem) throw new IssuerNotPendingError(issuerId);
        const signer = await this.store.keyVault.open(issuer.keyRef);
        const installed = await checkIntermediate(certificate, chain, issuer.csrPem, signer).catch((e: unknown) => {
          if (e instanceof PkiError) throw new ValidationError(e.code, e.message);
          throw e;
        });
        return {
          events: issuer.installCertificate({
            certificatePem: installed.ca.certificatePem,
            chainPem: installed.chainPem,
            notAfter: installed.ca.notAfter.toISOString(),
          }),
        };
      },
      context,
    );
    this.store.refresh();
    return issuerView(after);
  }
}
