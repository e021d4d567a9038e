import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { CertificateHolder } from '../certificate-holder';
import { HeldCertificateView } from '../held-certificate-view';
import { ReleaseCertificateHoldCommand } from './release-certificate-hold.command';

/** An operator's hold released (removeFromCRL): the certificate leaves the CRL and OCSP answers good once projected. */
@CommandHandler(ReleaseCertificateHoldCommand)
export class ReleaseCertificateHoldHandler implements ICommandHandler<
  ReleaseCertificateHoldCommand,
  HeldCertificateView
> {
  constructor(
    private readonly holder: CertificateHolder,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ serialNumber, context }: ReleaseCertificateHoldCommand): Promise<HeldCertificateView> {
    const clientId = await this.holder.clientOf(serialNumber);
    return this.holder.decide(serialNumber, clientId, context, (client, at) =>
      client.releaseHold(serialNumber, { maxValid: this.config.maxValidCertificates, at }),
    );
  }
}
