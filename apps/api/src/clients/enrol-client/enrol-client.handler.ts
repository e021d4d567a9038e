import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, topicCatalogOf, CONFIG } from '@certplane/config';
import {
  Client,
  clientIdForDetailsSecret,
  ClientEnrolledData,
  clientStreamId,
  newDetailsSecret,
  profileValidity,
  profileName,
  TopicCatalog,
} from '@certplane/domain';
import { ClientRegistry, PostgresEventStore, ProfileCatalogue } from '@certplane/event-store';
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
  private readonly topicCatalog: TopicCatalog | undefined;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly registry: ClientRegistry,
    private readonly certificates: CertificateInput,
    private readonly profiles: ProfileCatalogue,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {
    this.topicCatalog = topicCatalogOf(config.endpointsByTopic);
  }

  async execute({ input, context, options }: EnrolClientCommand): Promise<EnrolledClient> {
    const detailsSecret = newDetailsSecret();
    const clientId = clientIdForDetailsSecret(detailsSecret);
    const profile = await this.profiles.resolve(input.profile === undefined ? undefined : profileName(input.profile));
    const csr = input.csr === undefined ? undefined : await this.certificates.csr(input.csr, profile);
    const certificate =
      input.certificate === undefined ? undefined : await this.certificates.registered(input.certificate);
    // A client may ask for a validity up to its profile's maximum (else the deployment's).
    const { maxValidity } = profileValidity(profile.profile, this.config.certValidity);
    const events = Client.enroll(
      { ...input, clientId, csr, certificate, profile },
      {
        reservedHostnames: this.config.serverHostnames,
        topicsRequired: options.topicsRequired,
        topicCatalog: this.topicCatalog,
        maxValidity,
      },
    );
    const enrolled = events[0].data as ClientEnrolledData;
    // The reservations ride in the append's own statement: one round trip, and a taken name, ip,
    // hostname or serial fails the enrolment with nothing written.
    await this.registry.reserving({ ...enrolled, serialNumber: certificate?.serialNumber }, () =>
      this.store.append(clientStreamId(clientId), events, {
        expectedVersion: 0,
        context,
        alsoInStatement: [
          ...this.registry.reserveWrite(enrolled),
          ...(certificate ? [this.registry.reserveCertificateWrite(clientId, certificate.serialNumber)] : []),
        ],
      }),
    );
    return { clientId, detailsSecret };
  }
}
