import { ConcurrencyError, derivedIssuerId, Issuer, IssuerActivated, IssuerStatus } from '@certplane/domain';
import { IssuerRegistry, IssuerRepository, newCorrelationId } from '@certplane/event-store';
import {
  loadCertificateAuthorityForKey,
  LoadedCertificateAuthority,
  parseCertificatePem,
  PkiError,
  withDistribution,
} from '@certplane/pki';
import type { X509Certificate } from '@peculiar/x509';
import { CaKeyVault } from './ca-key.vault';
import { trustBundle } from './trust-bundle';
import { FirstCertificateAuthority } from './first-certificate-authority';

export { CertificateAuthoritySource } from './first-certificate-authority';

/** An issuer this process can sign as. */
export interface LoadedIssuer {
  readonly id: string;
  readonly status: IssuerStatus;
  readonly ca: LoadedCertificateAuthority;
  /** The issuer's certificate, then the ones above it up to a root */
  readonly chainPem: string;
}

/** An issuer this process cannot sign as: retired, or its key cannot be opened. */
export interface IssuerWithoutKey {
  readonly id: string;
  /** Enough to tell that an OCSP request or a certificate names it */
  readonly certificate: X509Certificate;
  readonly chainPem: string;
  /** Why its key could not be opened (never a secret); absent for a retired issuer */
  readonly reason?: string;
}

export interface LoadedIssuers {
  /** The one that signs new certificates */
  readonly active: LoadedIssuer;
  /** Every unretired issuer whose key opened, oldest first: they answer for their own certificates */
  readonly all: readonly LoadedIssuer[];
  /** Unretired issuers whose key would not open: still trusted, their CRL and OCSP answers wait for the key */
  readonly unavailable: readonly IssuerWithoutKey[];
  /** Retired issuers, and the ones past their notAfter that are not yet: they answer for nothing */
  readonly retired: readonly IssuerWithoutKey[];
  /** Every chain of `all` and `unavailable`, the active one first: what /pki/ca, details and the mTLS listener trust */
  readonly trustBundlePem: string;
}

const ISSUER_ACTOR = 'service:certplane';

/**
 * The issuers certplane signs with, as the event store has them, and the active one among them. The first
 * issuer is the CA the deployment had before (or makes on its first start, FirstCertificateAuthority),
 * recorded on first load without a new key. Loaded once, and again after refresh() (an activation here, or
 * another process's heard through the read-model notifications); keys and CAs already loaded are kept, so
 * the fast-path templates and signing pools made for one stay until it stops being used.
 */
export class CertificateAuthorityStore {
  private loading?: Promise<LoadedIssuers>;
  private readonly loaded = new Map<string, { certificatePem: string; ca: LoadedCertificateAuthority }>();
  private readonly listeners: ((issuers: LoadedIssuers) => void)[] = [];

  constructor(
    private readonly keys: CaKeyVault,
    private readonly first: FirstCertificateAuthority,
    private readonly repository: IssuerRepository,
    private readonly registry: IssuerRegistry,
    /** CERTPLANE_CA_PUBLIC_URL: leaves then name their issuer's CRL and the OCSP responder */
    private readonly publicUrl?: string,
  ) {}

  get keyVault(): CaKeyVault {
    return this.keys;
  }

  /** The active issuer's CA: what signs new certificates. */
  async get(): Promise<LoadedCertificateAuthority> {
    return (await this.issuers()).active.ca;
  }

  issuers(): Promise<LoadedIssuers> {
    this.loading ??= this.load().then(
      (issuers) => {
        for (const listener of this.listeners) listener(issuers);
        return issuers;
      },
      (e: unknown) => {
        this.loading = undefined;
        throw e;
      },
    );
    return this.loading;
  }

  /** Reads the issuers again at the next use, and tells the listeners then. */
  refresh(): void {
    this.loading = undefined;
  }

  /**
   * Reads them again now, when another process changed them: the mTLS listener must trust a new issuer
   * before its first certificate comes knocking. A failure is left to the next use to report.
   */
  reload(): void {
    this.refresh();
    this.issuers().catch(() => undefined);
  }

  /** Hears every load of the issuers (the mTLS listener refreshes its trust from it). */
  onLoaded(listener: (issuers: LoadedIssuers) => void): void {
    this.listeners.push(listener);
  }

  /** Lets go of the HSM's sessions; a later use opens the token again. */
  close(): void {
    this.keys.close();
    this.loaded.clear();
    this.loading = undefined;
  }

  private async load(): Promise<LoadedIssuers> {
    let registered = await this.registry.list();
    if (registered.length === 0) {
      await this.recordFirst();
      registered = await this.registry.list();
    }
    const now = new Date();
    const all: LoadedIssuer[] = [];
    const unavailable: IssuerWithoutKey[] = [];
    const retired: IssuerWithoutKey[] = [];
    let active: LoadedIssuer | undefined;
    for (const { issuerId, active: isActive } of registered) {
      const issuer = await this.repository.load(issuerId);
      if (!issuer.certificate) continue;
      const chainPem = issuer.certificate.certificatePem + issuer.certificate.chainPem;
      const withoutKey = () => ({
        id: issuer.id,
        certificate: parseCertificatePem(issuer.certificate!.certificatePem),
        chainPem,
      });
      // An expired issuer answers for nothing: every certificate it signed has expired with it.
      const expired = new Date(issuer.certificate.notAfter).getTime() <= now.getTime();
      if (issuer.status === 'retired' || (!isActive && expired)) {
        retired.push(withoutKey());
        continue;
      }
      let ca: LoadedCertificateAuthority;
      try {
        ca = await this.caOf(issuer);
      } catch (e) {
        // The active issuer must sign; another one's key (an HSM key gone) costs only its own answers.
        if (isActive) throw e;
        unavailable.push({ ...withoutKey(), reason: (e as Error).message });
        continue;
      }
      const loaded: LoadedIssuer = {
        id: issuer.id,
        status: issuer.status,
        ca,
        chainPem: ca.certificatePem + issuer.certificate.chainPem,
      };
      all.push(loaded);
      if (isActive) active = loaded;
    }
    if (!active) throw new PkiError('CA_INVALID', 'no issuer is active');
    return { active, all, unavailable, retired, trustBundlePem: trustBundle(active, [...all, ...unavailable]) };
  }

  private async caOf(issuer: Issuer): Promise<LoadedCertificateAuthority> {
    const certificatePem = issuer.certificate!.certificatePem;
    const kept = this.loaded.get(issuer.id);
    if (kept?.certificatePem === certificatePem) return kept.ca;
    const loaded = await loadCertificateAuthorityForKey(certificatePem, await this.keys.open(issuer.keyRef));
    const ca = this.publicUrl
      ? withDistribution(loaded, {
          crlUrl: `${this.publicUrl}/pki/issuers/${issuer.id}/crl`,
          ocspUrl: `${this.publicUrl}/pki/ocsp`,
          caIssuersUrl: `${this.publicUrl}/pki/issuers/${issuer.id}/certificate`,
        })
      : loaded;
    this.loaded.set(issuer.id, { certificatePem, ca });
    return ca;
  }

  /**
   * Records the deployment's CA as the first issuer, active, under an id its certificate decides, so processes
   * starting together record it once: the loser's append finds the stream there.
   */
  private async recordFirst(): Promise<void> {
    const { ca, keyRef, chainPem } = await this.first.load();
    this.loaded.clear();
    const issuerId = derivedIssuerId(Buffer.from(ca.certificate.rawData));
    const events = [
      ...Issuer.createWithCertificate(issuerId, 'existing', keyRef, {
        certificatePem: ca.certificatePem,
        chainPem,
        notAfter: ca.notAfter.toISOString(),
      }),
      IssuerActivated.create({ issuerId }),
    ];
    try {
      await this.repository.create(
        issuerId,
        {
          events,
          also: [
            {
              step: async (tx) => {
                await this.registry.register(tx, issuerId);
                await this.registry.activate(tx, issuerId);
                // The CA's CRL numbers go on where they were: a relying party refuses a CRL whose number went back.
                await tx.query(`UPDATE crl_state SET id = $1 WHERE id = 'default'`, [issuerId]);
              },
            },
          ],
        },
        { correlationId: newCorrelationId(), actor: ISSUER_ACTOR },
      );
    } catch (e) {
      if (!(e instanceof ConcurrencyError) && (await this.registry.list()).length === 0) throw e;
    }
  }
}
