import { Inject, Injectable } from '@nestjs/common';
import { CertplaneConfig } from '@certplane/config';
import { CertificateIssuedData, certificateCommonName } from '@certplane/domain';
import { ClientRepository, EventEnvelope } from '@certplane/event-store';
import { IssuedCertificate, issueClientCertificate } from '@certplane/pki';
import { CertificateAuthorityStore, ClientKeyVault } from '@certplane/vault';
import { CONFIG } from '@certplane/platform';

export const ISSUER_ACTOR = 'service:cert-issuer';

/**
 * ClientEnrolled → a key pair and a certificate, recorded as CertificateIssued with the sealed key
 * in the same transaction. The client aggregate decides whether a certificate is still needed,
 * so a redelivered or duplicated enrolment, or two issuers racing, end in one certificate: the
 * loser's append conflicts, it decides again on the new state, and decides nothing.
 */
@Injectable()
export class IssueCertificateHandler {
  constructor(
    private readonly clients: ClientRepository,
    private readonly ca: CertificateAuthorityStore,
    private readonly keys: ClientKeyVault,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async handle(clientId: string, cause: EventEnvelope): Promise<{ issued: boolean }> {
    const ca = await this.ca.get();
    let cert: IssuedCertificate | undefined;
    const appended = await this.clients.update(
      clientId,
      async (client) => {
        if (!client.needsCertificate()) return { events: [] };
        cert ??= await issueClientCertificate(ca, {
          commonName: certificateCommonName(client.name),
          ips: client.sans.ip ? [client.sans.ip] : undefined,
          hostnames: client.sans.hostname ? [client.sans.hostname] : undefined,
          validityDays: this.config.certValidityDays,
        });
        const issued: CertificateIssuedData = {
          clientId,
          serialNumber: cert.serialNumber,
          certificatePem: cert.certificatePem,
          notBefore: cert.notBefore.toISOString(),
          notAfter: cert.notAfter.toISOString(),
          fingerprintSha256: cert.fingerprintSha256,
          keyOrigin: 'server',
        };
        const generated = cert;
        return { events: client.recordIssuedCertificate(issued), alsoInTransaction: (tx) => this.keys.store(tx, clientId, generated.serialNumber, generated.privateKeyPem!) };
      },
      { correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor: ISSUER_ACTOR },
    );
    return { issued: appended.length > 0 };
  }
}
