import { createHash, randomUUID } from 'node:crypto';
import { EventOf } from '../shared/event-registry';
import { IssuerEvent } from './issuer-events';
import { IssuerActivated } from './events/issuer-activated.event';
import { IssuerCertificateInstalled } from './events/issuer-certificate-installed.event';
import { IssuerCreated, IssuerCreatedData } from './events/issuer-created.event';
import { IssuerRetired } from './events/issuer-retired.event';
import { IssuerSuperseded } from './events/issuer-superseded.event';
import {
  IssuerExpiredError,
  IssuerNotFoundError,
  IssuerNotPendingError,
  IssuerNotReadyError,
  IssuerRetiredError,
} from './issuer.errors';

export const newIssuerId = (): string => randomUUID();

/** Issuer ids are UUIDs in lowercase hex, made here or derived below. */
export function isIssuerId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}

/**
 * An issuer id derived from what names it (a CA certificate, a predecessor), as a UUID (version 8, RFC 9562):
 * processes deciding the same issuer at once name the same stream, and the append lets one of them through.
 */
export function derivedIssuerId(seed: Uint8Array | string): string {
  const h = createHash('sha256').update(seed).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The successor a planned rotation gives an issuer: one, whichever replica decides it. */
export const successorIssuerId = (issuerId: string): string => derivedIssuerId(`successor of ${issuerId}`);
export const issuerStreamId = (issuerId: string): string => `issuer-${issuerId}`;
export const ISSUER_STREAM_PREFIX = 'issuer-';

export type IssuerKind = IssuerCreatedData['kind'];

/**
 * pending: an intermediate waiting for its certificate; ready: can be activated; active: signs new
 * certificates; superseded: another signs them, this one still answers OCSP and signs CRLs for its own;
 * retired: every certificate it signed has expired (or it has itself), it answers for nothing.
 */
export type IssuerStatus = 'pending' | 'ready' | 'active' | 'superseded' | 'retired';

/**
 * How long after its supersession an issuer may still have signed: a process that had not yet heard of the
 * activation signs with the one it had. Retirement waits that long before the last certificate counts.
 */
export const SUPERSEDED_SIGNING_GRACE_MS = 10 * 60 * 1000;

export interface IssuerCertificate {
  certificatePem: string;
  chainPem: string;
  notAfter: string;
}

/**
 * A CA certplane signs with. Which one is active is a fact about every issuer at once: the activation's
 * transaction supersedes the previous one on its own stream, and the issuer registry holds the one active.
 */
export class Issuer {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly kind: IssuerKind,
    readonly keyRef: string,
    readonly status: IssuerStatus,
    readonly certificate: IssuerCertificate | undefined,
    readonly csrPem: string | undefined,
    readonly createdAt: Date | undefined,
    readonly supersededAt: Date | undefined = undefined,
  ) {}

  /** A root (or the deployment's existing CA) with its certificate. */
  static createWithCertificate(
    issuerId: string,
    kind: 'root' | 'existing',
    keyRef: string,
    certificate: IssuerCertificate,
  ): [EventOf<typeof IssuerCreated>] {
    return [IssuerCreated.create({ issuerId, kind, keyRef, ...certificate })];
  }

  static createIntermediate(issuerId: string, keyRef: string, csrPem: string): [EventOf<typeof IssuerCreated>] {
    return [IssuerCreated.create({ issuerId, kind: 'intermediate', keyRef, csrPem, chainPem: '' })];
  }

  static fromHistory(issuerId: string, history: readonly (IssuerEvent & { recordedAt?: Date })[]): Issuer {
    const first = history[0];
    if (first?.type !== IssuerCreated.type) throw new IssuerNotFoundError(issuerId);
    const d = first.data;
    const certificate =
      d.certificatePem && d.notAfter
        ? { certificatePem: d.certificatePem, chainPem: d.chainPem, notAfter: d.notAfter }
        : undefined;
    const start = new Issuer(
      d.issuerId,
      1,
      d.kind,
      d.keyRef,
      certificate ? 'ready' : 'pending',
      certificate,
      d.csrPem,
      history[0].recordedAt,
    );
    return history.slice(1).reduce((issuer, e) => issuer.apply(e), start);
  }

  installCertificate(certificate: IssuerCertificate): IssuerEvent[] {
    if (this.status !== 'pending') throw new IssuerNotPendingError(this.id);
    return [IssuerCertificateInstalled.create({ issuerId: this.id, ...certificate })];
  }

  /** Already active decides nothing; an issuer with no certificate, or an expired one, cannot sign. */
  activate(previousIssuerId: string | undefined, now: Date): IssuerEvent[] {
    if (this.status === 'active') return [];
    if (this.status === 'retired') throw new IssuerRetiredError(this.id);
    if (!this.certificate) throw new IssuerNotReadyError(this.id);
    if (new Date(this.certificate.notAfter).getTime() <= now.getTime())
      throw new IssuerExpiredError(this.id, this.certificate.notAfter);
    return [IssuerActivated.create({ issuerId: this.id, previousIssuerId })];
  }

  supersede(successorId: string): IssuerEvent[] {
    return this.status === 'active' ? [IssuerSuperseded.create({ issuerId: this.id, successorId })] : [];
  }

  /**
   * Retires an issuer past its own notAfter (unless it is the active one: only an activation replaces that),
   * or a superseded one once the last certificate it signed has expired, `lastCertificateNotAfter` being the
   * latest notAfter the event store holds for it (undefined: it signed none). A superseded issuer waits out
   * SUPERSEDED_SIGNING_GRACE_MS first, so the certificates of processes still signing with it are counted.
   */
  retire(now: Date, lastCertificateNotAfter: Date | undefined): IssuerEvent[] {
    if (this.status === 'retired' || this.status === 'active' || !this.certificate) return [];
    if (new Date(this.certificate.notAfter).getTime() <= now.getTime())
      return [IssuerRetired.create({ issuerId: this.id, reason: 'expired' })];
    if (this.status !== 'superseded') return [];
    if (this.supersededAt && this.supersededAt.getTime() + SUPERSEDED_SIGNING_GRACE_MS > now.getTime()) return [];
    if (lastCertificateNotAfter && lastCertificateNotAfter.getTime() > now.getTime()) return [];
    return [
      IssuerRetired.create({
        issuerId: this.id,
        reason: 'certificates-expired',
        ...(lastCertificateNotAfter ? { lastCertificateNotAfter: lastCertificateNotAfter.toISOString() } : {}),
      }),
    ];
  }

  private apply(e: IssuerEvent & { recordedAt?: Date }): Issuer {
    let { status, certificate, supersededAt } = this as Issuer;
    if (e.type === IssuerCertificateInstalled.type) {
      const d = e.data;
      certificate = { certificatePem: d.certificatePem, chainPem: d.chainPem, notAfter: d.notAfter };
      status = 'ready';
    } else if (e.type === IssuerActivated.type) status = 'active';
    else if (e.type === IssuerSuperseded.type) {
      status = 'superseded';
      supersededAt = e.recordedAt;
    } else if (e.type === IssuerRetired.type) status = 'retired';
    // Event types this version does not know still count towards the stream version.
    return new Issuer(
      this.id,
      this.version + 1,
      this.kind,
      this.keyRef,
      status,
      certificate,
      this.csrPem,
      this.createdAt,
      supersededAt,
    );
  }
}
