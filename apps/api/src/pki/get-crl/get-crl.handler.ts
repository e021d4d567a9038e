import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { IssuerNotFoundError, IssuerRetiredError } from '@certplane/domain';
import { buildCrl, isIssuedBy } from '@certplane/pki';
import { CertificateAuthorityStore, CrlStore, LoadedIssuers, StoredCrl } from '@certplane/vault';
import { IssuerKeyUnavailableError } from './issuer-key-unavailable.error';
import { GetCrlQuery } from './get-crl.query';
import { readRevokedSet, revokedSetDigest } from './revoked-set';

const HOUR_MS = 3_600_000;
const RETRY_AFTER_SECONDS = 60;

/**
 * The CRL is built lazily and kept until the revoked set changes, rather than by a worker reacting to
 * CertificateRevoked: a request compares the read model's revoked set with the one the stored CRL was signed
 * from, so a revocation (or an entry expiring) shows on the next fetch whichever process serves it, with no
 * event ordering to get right. A CRL past half its validity is re-signed too, so a relying party never holds
 * one close to its nextUpdate. The CRL number is given out under CrlStore's lock, so it only grows.
 * A retired issuer signs no more CRLs: every certificate it signed has expired, and RFC 5280 (3.3) lets an
 * entry leave the CRL once its certificate has, so there is nothing left to list: 410 ISSUER_RETIRED. An issuer
 * whose key would not open cannot sign one: 503 ISSUER_KEY_UNAVAILABLE, until its key is back.
 */
@QueryHandler(GetCrlQuery)
export class GetCrlHandler implements IQueryHandler<GetCrlQuery, StoredCrl> {
  constructor(
    private readonly ds: DataSource,
    private readonly caStore: CertificateAuthorityStore,
    private readonly crls: CrlStore,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ issuerId }: GetCrlQuery): Promise<StoredCrl> {
    const issuers = await this.caStore.issuers();
    const issuer = issuerId === undefined ? issuers.active : issuers.all.find((i) => i.id === issuerId);
    if (!issuer) throw this.missing(issuers, issuerId ?? '');
    const ca = issuer.ca;
    const now = wholeSecondsNow();
    const [stored, revoked] = await Promise.all([this.crls.current(issuer.id), readRevokedSet(this.ds, now)]);
    if (stored && isCurrent(stored, revokedSetDigest(ca, revoked), now)) return stored;
    return this.crls.replace(issuer.id, async (tx, latest, crlNumber) => {
      // Read again under the lock: a process that signed while this one waited may have seen a newer set,
      // and signing an older one after it would drop a revocation from the CRL for a while.
      const thisUpdate = wholeSecondsNow();
      const current = await readRevokedSet(tx, thisUpdate, { withCertificates: true });
      const digest = revokedSetDigest(ca, current);
      if (latest && isCurrent(latest, digest, thisUpdate)) return undefined;
      const nextUpdate = new Date(thisUpdate.getTime() + this.config.revocation.crlValidityHours * HOUR_MS);
      const entries = current.filter((e) => isIssuedBy(e.certificatePem!, ca));
      return {
        revokedSetDigest: digest,
        thisUpdate,
        nextUpdate,
        der: await buildCrl(ca, { crlNumber, thisUpdate, nextUpdate, entries }),
      };
    });
  }

  private missing(issuers: LoadedIssuers, issuerId: string): Error {
    if (issuers.retired.some((i) => i.id === issuerId)) return new IssuerRetiredError(issuerId);
    if (issuers.unavailable.some((i) => i.id === issuerId))
      return new IssuerKeyUnavailableError(issuerId, RETRY_AFTER_SECONDS);
    return new IssuerNotFoundError(issuerId);
  }
}

function isCurrent(crl: StoredCrl, digest: string, now: Date): boolean {
  const halfLife = crl.thisUpdate.getTime() + (crl.nextUpdate.getTime() - crl.thisUpdate.getTime()) / 2;
  return crl.revokedSetDigest === digest && now.getTime() < halfLife;
}

// A CRL states its times to the second; storing the same values keeps the freshness check honest.
function wholeSecondsNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
