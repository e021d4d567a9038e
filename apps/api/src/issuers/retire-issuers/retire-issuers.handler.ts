import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IssuerRegistry, IssuerRepository } from '@certplane/event-store';
import { CertificateAuthorityStore } from '@certplane/vault';
import { RetireIssuersCommand } from './retire-issuers.command';

/**
 * Each issuer decides whether it retires, from the latest notAfter of the certificates it signed as the event
 * store holds them (CertificateIssued and CertificateRegistered name their issuer). Replicas doing it at once
 * append one IssuerRetired: the loser's retry finds it retired and decides nothing. Returns the retired ids.
 */
@CommandHandler(RetireIssuersCommand)
export class RetireIssuersHandler implements ICommandHandler<RetireIssuersCommand, string[]> {
  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly issuers: IssuerRepository,
    private readonly registry: IssuerRegistry,
  ) {}

  async execute({ context, now }: RetireIssuersCommand): Promise<string[]> {
    const retired: string[] = [];
    for (const { issuerId, active } of await this.registry.list()) {
      if (active) continue;
      const { events } = await this.issuers.update(
        issuerId,
        async (issuer) => ({ events: issuer.retire(now, await this.registry.lastCertificateNotAfter(issuerId)) }),
        context,
      );
      if (events.length > 0) retired.push(issuerId);
    }
    // This process stops trusting them now; the others hear of it through the read-model notifications.
    if (retired.length > 0) this.store.reload();
    return retired;
  }
}
