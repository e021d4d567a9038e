import { Injectable } from '@nestjs/common';
import { CertificateNotFoundError } from '@certplane/domain';
import { ClientRegistry, SERVER_CERTIFICATE_HOLDER } from '@certplane/event-store';

/**
 * The client whose stream decides about a serial: the registry of serials is written in the same
 * transaction as the certificate's event, so a certificate issued a moment ago is found at once.
 * certplane's own HTTPS certificates hold their serials under no client and are not found.
 */
@Injectable()
export class CertificateHolder {
  constructor(private readonly registry: ClientRegistry) {}

  async clientOf(serialNumber: string): Promise<string> {
    const holder = await this.registry.holderOfCertificate(serialNumber);
    if (holder === undefined || holder === SERVER_CERTIFICATE_HOLDER) throw new CertificateNotFoundError(serialNumber);
    return holder;
  }
}
