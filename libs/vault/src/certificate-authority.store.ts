import { ConcurrencyError, derivedIssuerId, Issuer, IssuerActivated, IssuerStatus } from '@certplane/domain';
import { IssuerRegistry, IssuerRepository, newCorrelationId } from '@certplane/event-store';
import { loadCertificateAuthorityForKey, LoadedCertificateAuthority, PkiError, withDistribution } from '@certplane/pki';
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

export interface LoadedIssuers {
  /** The one that signs new certificates */
  readonly active: LoadedIssuer;
  /** Every issuer with a certificate not yet expired, oldest first: they answer for their own certificates */
  readonly all: readonly LoadedIssuer[];
  /** Every chain of `all`, the active one first: what /pki/ca, details and the mTLS listener trust */
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
    let active: LoadedIssuer | undefined;
    for (const { issuerId, active: isActive } of registered) {
      const issuer = await this.repository.load(issuerId);
      if (!issuer.certificate) continue;
      // An expired issuer answers for nothing: every certificate it signed has expired with it.
      if (!isActive && new Date(issuer.certificate.notAfter).getTime() <= now.getTime()) continue;
      const ca = await this.caOf(issuer);
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
    return { active, all, trustBundlePem: trustBundle(active, all) };
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
