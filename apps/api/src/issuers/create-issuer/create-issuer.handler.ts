import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Issuer, newIssuerId, ValidationError } from '@certplane/domain';
import { IssuerRegistry, IssuerRepository } from '@certplane/event-store';
import { CertificateAuthorityStore } from '@certplane/vault';
import { issuerView, IssuerView } from '../issuer-view';
import { CreateIssuerCommand } from './create-issuer.command';

/**
 * A new key (in the HSM when one is configured, else sealed in Postgres) and a self-signed root for it, of
 * the deployment's cluster, named apart from the other issuers. Recorded with its key in one transaction;
 * it signs nothing until it is activated.
 */
@CommandHandler(CreateIssuerCommand)
export class CreateIssuerHandler implements ICommandHandler<CreateIssuerCommand, IssuerView> {
  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly issuers: IssuerRepository,
    private readonly registry: IssuerRegistry,
  ) {}

  async execute({ kind, context }: CreateIssuerCommand): Promise<IssuerView> {
    if (kind !== undefined && kind !== 'root') throw new ValidationError('INVALID_ISSUER_KIND', 'kind must be "root"');
    const issuerId = newIssuerId();
    const { clusterId } = (await this.store.issuers()).active.ca;
    const keys = this.store.keyVault;
    const key = await keys.create(issuerId, clusterId);
    const ca = await keys.selfSigned(key.key, clusterId, `certplane CA ${issuerId.slice(0, 8)}`);
    const events = Issuer.createWithCertificate(issuerId, 'root', key.keyRef, {
      certificatePem: ca.certificatePem,
      chainPem: '',
      notAfter: ca.notAfter.toISOString(),
    });
    const { after } = await this.issuers.create(
      issuerId,
      {
        events,
        alsoInTransaction: async (tx) => {
          await this.registry.register(tx, issuerId);
          await key.store(tx, ca.certificatePem);
        },
      },
      context,
    );
    // The trust bundle takes the new issuer up at once, before it signs anything.
    this.store.refresh();
    return issuerView(after);
  }
}
