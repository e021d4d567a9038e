import { Inject, Injectable } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import {
  CertificateIssuedData,
  CertificateProfile,
  Client,
  profileCommonName,
  profileValidity,
} from '@certplane/domain';
import { ClientRegistry, ClientRepository, ProfileCatalogue, StoredEvent } from '@certplane/event-store';
import { canonicalIp, IssuedCertificate, parseCertificateSigningRequest } from '@certplane/pki';
import { CertificateAuthorityStore, ClientKeyVault } from '@certplane/vault';
import { CertificateSigner } from './certificate-signer';

export const ISSUER_ACTOR = 'service:cert-issuer';

/**
 * An open issuance request (from ClientEnrolled, ClientEnabled or CertificateRenewed) → a
 * certificate, recorded as CertificateIssued with its serial reserved and, for a server key, the
 * sealed key in the same transaction. For a CSR the client keeps its key: only the CSR's public
 * key is certified, and any server-held key of the client is deleted. The client aggregate decides
 * whether a certificate is still needed, so a redelivered or duplicated event, or two issuers
 * racing, end in one certificate: the loser's append conflicts, it decides again on the new state,
 * and decides nothing.
 */
@Injectable()
export class IssueCertificateHandler {
  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
    private readonly ca: CertificateAuthorityStore,
    private readonly keys: ClientKeyVault,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly signer: CertificateSigner,
    private readonly profiles: ProfileCatalogue,
  ) {}

  async handle(clientId: string, cause: StoredEvent): Promise<{ issued: boolean }> {
    const { id: issuerId, ca } = (await this.ca.issuers()).active;
    // Kept across a retry after a concurrent write, as long as it was made for the same request.
    let made: { spec: string; cert: IssuedCertificate } | undefined;
    const { events: appended } = await this.clients.update(
      clientId,
      async (client) => {
        if (!client.needsCertificate()) return { events: [] };
        // The profile as it is now: a change of it reaches the next certificate, not the ones issued.
        const { name: profileName, profile } = await this.profiles.resolve(client.profile);
        const request = issuanceSpec(client, profile);
        const spec = JSON.stringify({ request, profile });
        if (made?.spec !== spec) {
          const { csr, ...names } = request;
          const publicKey = csr ? (await parseCertificateSigningRequest(csr)).publicKey : undefined;
          made = {
            spec,
            cert: await this.signer.issue(ca, {
              ...names,
              publicKey,
              validitySeconds: this.validitySeconds(client, profile),
              profile,
              profileName,
            }),
          };
        }
        const cert = made.cert;
        const issued: CertificateIssuedData = {
          clientId,
          serialNumber: cert.serialNumber,
          certificatePem: cert.certificatePem,
          notBefore: cert.notBefore.toISOString(),
          notAfter: cert.notAfter.toISOString(),
          fingerprintSha256: cert.fingerprintSha256,
          keyOrigin: cert.privateKeyPem ? 'server' : 'csr',
          ...issuedNames(request),
          issuerId,
        };
        return {
          events: client.recordIssuedCertificate(issued, new Date()),
          // In the append's own statement: one round trip instead of a five-statement transaction.
          also: [
            this.registry.reserveCertificate(clientId, cert.serialNumber),
            cert.privateKeyPem
              ? this.keys.store(clientId, cert.serialNumber, cert.privateKeyPem)
              : this.keys.delete(clientId),
          ],
        };
      },
      { correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor: ISSUER_ACTOR },
      // An enrolment opens its stream: read from the store by the consumer, it is the history to decide on.
      { read: [cause] },
    );
    return { issued: appended.length > 0 };
  }

  /**
   * The profile's validity (else the deployment's), or the shorter or longer one the client's creator
   * or enrolment token asked for within the profile's maximum (else the deployment's): a client's
   * validity was checked against the limit when it was set, and the limit may have come down since.
   */
  private validitySeconds(client: Client, profile: CertificateProfile): number {
    const { validity, maxValidity } = profileValidity(profile, this.config.certValidity);
    return Math.min(client.validitySeconds ?? validity.seconds, maxValidity.seconds);
  }
}

/**
 * The CN and SANs as the certificate carries them, for CertificateIssued: the signer encodes the
 * names it is given, IPs in canonicalIp form (certificate-names.spec holds these to the PEM's).
 */
export function issuedNames({
  commonName,
  ips,
  hostnames,
}: {
  commonName: string;
  ips?: string[];
  hostnames?: string[];
}): { commonName: string; ips: string[]; hostnames: string[] } {
  return { commonName, ips: (ips ?? []).map(canonicalIp), hostnames: hostnames ?? [] };
}

/**
 * What the certificate will say: the CN of the profile's template for the client's name, its ip or
 * hostname and then its sans list as they are now, and the key to certify.
 */
function issuanceSpec(
  client: Client,
  profile: CertificateProfile,
): { commonName: string; ips?: string[]; hostnames?: string[]; uris?: string[]; emails?: string[]; csr?: string } {
  const of = (kind: string) => client.extraSans.filter((s) => s.type === kind).map((s) => s.value);
  const list = (names: string[]) => (names.length > 0 ? names : undefined);
  return {
    commonName: profileCommonName(profile, client.name),
    ips: list([...(client.sans.ip ? [client.sans.ip] : []), ...of('ip')]),
    hostnames: list([...(client.sans.hostname ? [client.sans.hostname] : []), ...of('dns')]),
    uris: list(of('uri')),
    emails: list(of('email')),
    csr: client.pendingIssuance?.csr,
  };
}
