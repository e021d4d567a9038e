import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent, Issuer, newIssuerId, ValidationError } from '@certplane/domain';
import { createCaCsr } from '@certplane/pki';
import { IssuerRegistry, IssuerRepository } from '@certplane/event-store';
import { CertificateAuthorityStore } from '@certplane/vault';
import { issuerView, IssuerView } from '../issuer-view';
import { CreateIssuerCommand } from './create-issuer.command';

/**
 * A new key (in the HSM when one is configured, else sealed in Postgres) and either a self-signed root for
 * it or, for an intermediate, a CSR the operator's root signs (PUT /pki/issuers/:id/certificate); its subject
 * is the deployment's cluster, named apart from the other issuers. Recorded with its key in one transaction;
 * it signs nothing until it is activated.
 */
@CommandHandler(CreateIssuerCommand)
export class CreateIssuerHandler implements ICommandHandler<CreateIssuerCommand, IssuerView> {
  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly issuers: IssuerRepository,
    private readonly registry: IssuerRegistry,
  ) {}

  async execute({ kind, context, issuerId = newIssuerId() }: CreateIssuerCommand): Promise<IssuerView> {
    if (kind !== undefined && kind !== 'root' && kind !== 'intermediate')
      throw new ValidationError('INVALID_ISSUER_KIND', 'kind must be "root" or "intermediate"');
    const { clusterId } = (await this.store.issuers()).active.ca;
    const keys = this.store.keyVault;
    const key = await keys.create(issuerId, clusterId);
    const commonName = `certplane CA ${issuerId.slice(0, 8)}`;
    let events: DomainEvent[];
    let certificatePem = '';
    if (kind === 'intermediate') {
      events = Issuer.createIntermediate(issuerId, key.keyRef, await createCaCsr(key.key, clusterId, commonName));
    } else {
      const ca = await keys.selfSigned(key.key, clusterId, commonName);
      certificatePem = ca.certificatePem;
      events = Issuer.createWithCertificate(issuerId, 'root', key.keyRef, {
        certificatePem,
        chainPem: '',
        notAfter: ca.notAfter.toISOString(),
      });
    }
    const { after } = await this.issuers.create(
      issuerId,
      {
        events,
        also: [
          {
            step: async (tx) => {
              await this.registry.register(tx, issuerId);
              await key.store(tx, certificatePem);
            },
          },
        ],
      },
      context,
    );
    // The trust bundle takes the new issuer up at once, before it signs anything.
    this.store.refresh();
    return issuerView(after);
  }
}
