import { Injectable } from '@nestjs/common';
import { CertificateNotFoundError, Client, ClientEvent } from '@certplane/domain';
import { ClientRegistry, ClientRepository, SERVER_CERTIFICATE_HOLDER } from '@certplane/event-store';
import { RequestContext } from '../http/request-context';
import { HeldCertificateView, heldCertificateView } from './held-certificate-view';

/**
 * A decision about one certificate, taken by the client holding it and appended in the request's
 * own transaction. The registry of serials is written with the certificate's event, so one issued a
 * moment ago is found at once; certplane's own HTTPS certificates hold theirs under no client and
 * are not found.
 */
@Injectable()
export class CertificateHolder {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly clients: ClientRepository,
  ) {}

  async clientOf(serialNumber: string): Promise<string> {
    const holder = await this.registry.holderOfCertificate(serialNumber);
    if (holder === undefined || holder === SERVER_CERTIFICATE_HOLDER) throw new CertificateNotFoundError(serialNumber);
    return holder;
  }

  /** Decides on the holding client and answers the certificate as the decision left it, the caller as the actor of a revocation. */
  async decide(
    serialNumber: string,
    clientId: string,
    context: RequestContext,
    decide: (client: Client, at: Date) => ClientEvent[],
  ): Promise<HeldCertificateView> {
    const at = new Date();
    let after: Client | undefined;
    await this.clients.update(
      clientId,
      async (client) => {
        const events = decide(client, at);
        after = client.evolve(events);
        return { events };
      },
      context,
    );
    return heldCertificateView(after!, serialNumber, at, context.actor);
  }
}
