import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { issuerStreamId } from '@certplane/domain';
import { IssuerRegistry, IssuerRepository } from '@certplane/event-store';
import { CertificateAuthorityStore } from '@certplane/vault';
import { issuerView, IssuerView } from '../issuer-view';
import { ActivateIssuerCommand } from './activate-issuer.command';

/**
 * Makes the issuer the one that signs new certificates. In the same transaction the one active before is
 * superseded on its own stream and the registry's active row moves (its row lock makes two activations
 * take turns). The previous issuer keeps answering OCSP and signing CRLs for its own certificates.
 */
@CommandHandler(ActivateIssuerCommand)
export class ActivateIssuerHandler implements ICommandHandler<ActivateIssuerCommand, IssuerView> {
  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly issuers: IssuerRepository,
    private readonly registry: IssuerRegistry,
  ) {}

  async execute({ issuerId, context }: ActivateIssuerCommand): Promise<IssuerView> {
    const previous = (await this.registry.list()).find((r) => r.active)?.issuerId;
    const { after } = await this.issuers.update(
      issuerId,
      (issuer) => ({
        events: issuer.activate(previous === issuerId ? undefined : previous, new Date()),
        also: [
          {
            step: async (tx, alsoAppend) => {
              const active = await this.registry.activeFor(tx);
              if (active && active !== issuerId) {
                const before = await this.issuers.load(active, tx);
                await alsoAppend(issuerStreamId(active), before.supersede(issuerId), before.version);
              }
              await this.registry.activate(tx, issuerId);
            },
          },
        ],
      }),
      context,
    );
    // This process signs with it from now on; the others hear of it through the read-model notifications.
    this.store.refresh();
    await this.store.issuers();
    return issuerView(after);
  }
}
