import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig } from '@certplane/config';
import { Client, clientIdForDetailsSecret, ClientEnrolledData, clientStreamId, newDetailsSecret } from '@certplane/domain';
import { ClientRegistry, PostgresEventStore } from '@certplane/event-store';
import { CONFIG } from '@certplane/platform';
import { CertificateInput } from '../certificate-input';
import { EnrolClientCommand } from './enrol-client.command';

/**
 * Decides the enrolment and appends it together with the name, ip and hostname reservation (and
 * the serial of a registered certificate); returns the new client id. A CSR or certificate is
 * checked first, since the domain only carries them.
 */
export interface EnrolledClient {
  clientId: string;
  /** Handed to the caller once, never stored: only its one-way id is. */
  detailsSecret: string;
}

@CommandHandler(EnrolClientCommand)
export class EnrolClientHandler implements ICommandHandler<EnrolClientCommand, EnrolledClient> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly registry: ClientRegistry,
    private readonly certificates: CertificateInput,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ input, context, options }: EnrolClientCommand): Promise<EnrolledClient> {
    const detailsSecret = newDetailsSecret();
    const clientId = clientIdForDetailsSecret(detailsSecret);
    const csr = input.csr === undefined ? undefined : await this.certificates.csr(input.csr);
    const certificate = input.certificate === undefined ? undefined : await this.certificates.registered(input.certificate);
    const events = Client.enroll({ ...input, clientId, csr, certificate }, { reservedHostnames: this.config.serverHostnames, topicsRequired: options.topicsRequired });
    await this.store.append(clientStreamId(clientId), events, {
      expectedVersion: 0,
      context,
      alsoInTransaction: async (tx) => {
        await this.registry.reserve(tx, events[0].data as ClientEnrolledData);
        if (certificate) await this.registry.reserveCertificate(tx, clientId, certificate.serialNumber);
      },
    });
    return { clientId, detailsSecret };
  }
}
