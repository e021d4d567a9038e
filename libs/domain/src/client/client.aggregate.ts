import { EventOf } from '../shared/event-registry';
import { ClientEvent } from './client-events';
import { ValidationError } from '../shared/domain-error';
import {
  CertificateAlreadyRegisteredError,
  CertificateAlreadyRevokedError,
  CertificateLimitReachedError,
  CertificateNotFoundError,
  CertificateNotOnHoldError,
  ClientDisabledError,
  ClientNotFoundError,
} from './client.errors';
import { assertValidClientName, certificateCommonName } from './client-name';
import { assertValidSans, ClientSans } from './client-sans';
import { IpAddress } from './ip-address';
import { assertValidTopics, TopicCatalog, Topics } from './topics';
import { assertValidTags, Tags } from './client-tags';
import { assertValidMetadata, Metadata } from './client-metadata';
import { changedLabels } from './labels-patch';
import { ClientEnrolled, ClientEnrolledData } from './events/client-enrolled.event';
import { CertificateIssued, CertificateIssuedData } from './events/certificate-issued.event';
import { ClientRemoved } from './events/client-removed.event';
import { CertificateRevoked, RevocationReason } from './events/certificate-revoked.event';
import { ClientUpdated, ClientUpdatedData } from './events/client-updated.event';
import { ClientDisabled } from './events/client-disabled.event';
import { ClientEnabled } from './events/client-enabled.event';
import { ClientDeleted } from './events/client-deleted.event';
import { CertificateRenewed, CertificateRenewedData } from './events/certificate-renewed.event';
import { CertificateRegistered, CertificateRegisteredData } from './events/certificate-registered.event';
import { CertificateHoldReleased } from './events/certificate-hold-released.event';
import { ClientParentGroupSet } from './events/client-parent-group-set.event';
import { assertRevocationReason } from './revocation-reason';
import { CertificateProfile } from '../profile/certificate-profile';
import { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME } from '../profile/default-profile';
import { assertSansAllowedBy, assertValidSanEntries, SanEntry, sanKey } from '../profile/san-entries';
import { certificateValidity } from './certificate-validity';
import { Duration } from '../shared/duration';

export type ClientStatus = 'enabled' | 'disabled' | 'removed';
/** Where the key of a certificate lives: sealed on the server, or with the client (from a CSR, or a registered certificate). */
export type KeyOrigin = 'server' | 'csr' | 'registered';

export interface ClientCertificate {
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  keyOrigin: KeyOrigin;
  /** `releasable`: a hold an operator put on, not the one a disable put on (enable issues a new certificate instead). */
  revocation?: { reason: RevocationReason; revokedAt: string; releasable?: boolean };
}

/** What the cert-issuer still has to sign: the public key of `csr`, or a new server key when there is none. */
export interface IssuanceRequest {
  csr?: string;
  revokeOld: boolean;
  /** The serial of the certificate that asked for this renewal, revoked as superseded with the new one. */
  supersedes?: string;
}

export interface DueRevocation {
  serialNumber: string;
  reason: RevocationReason;
}

/** The names a certificate states, as it states them. */
export interface CertificateNames {
  commonName: string | null;
  ips: string[];
  hostnames: string[];
}

/** A certificate to register, and the names it states: they must be the client's (CN user-<name>, SANs its ip or hostname). */
export interface RegisteredCertificate extends Omit<CertificateRegisteredData, 'clientId'> {
  names: CertificateNames;
}

/** How many valid (unrevoked, unexpired) certificates a client may hold, and the time that says which are valid. */
export interface CertificateLimits {
  maxValid: number;
  at: Date;
}

/** A renewal: `supersedes` is the serial of the client's own certificate when that certificate asked (mTLS). */
export interface RenewalRequest {
  csr?: string;
  revokeOld: boolean;
  supersedes?: string;
}

export interface EnrolClientInput {
  clientId: string;
  name: unknown;
  topics?: unknown;
  tags?: unknown;
  metadata?: unknown;
  ip?: unknown;
  hostname?: unknown;
  /** A CSR the caller has verified (signature, key type); the domain only carries it to the issuer. */
  csr?: string;
  /** A certificate the caller has parsed and checked against the CA. */
  certificate?: RegisteredCertificate;
  /** How long each certificate is valid (`24h`, or a Duration an enrolment token set); left out, the deployment's. */
  validity?: unknown;
  /** SANs beside ip and hostname: [{"type":"dns"|"ip"|"uri"|"email","value"}] */
  sans?: unknown;
  /** The profile the client is to be under, as the catalogue has it now; absent: the built-in default. */
  profile?: { name: string; profile: CertificateProfile };
}

/** The identity rules that depend on the deployment or the entry point, not on the client. */
export interface IdentityRules {
  /** The server's own names, refused as a client hostname (RESERVED_HOSTNAME). */
  reservedHostnames?: readonly string[];
  /** The spine's enrol requires topics; POST /clients may leave them out. */
  topicsRequired?: boolean;
  /** Set when details answers per topic: the topics that have endpoints. */
  topicCatalog?: TopicCatalog;
  /** The longest validity a caller may ask for: the deployment's, or its enrolment token's. */
  maxValidity?: Duration;
}

/** PATCH: undefined leaves a field as it is; null removes the ip or hostname. */
export interface ClientPatch {
  name?: unknown;
  tags?: unknown;
  metadata?: unknown;
  ip?: unknown;
  hostname?: unknown;
}

interface ClientState {
  id: string;
  version: number;
  name: string;
  status: ClientStatus;
  topics: Topics;
  sans: ClientSans;
  tags: Tags;
  metadata: Metadata;
  certificates: readonly ClientCertificate[];
  pendingIssuance?: IssuanceRequest;
  revocationsDue: readonly DueRevocation[];
  /** The CSR the client's key is certified from; a re-enabled client gets its new certificate for this key. */
  keyCsr?: string;
  /** Seconds each of its certificates is valid, when its creator or enrolment token said; else the deployment's. */
  validitySeconds?: number;
  /** Its certificate profile, when not the default */
  profile?: string;
  /** SANs beside its ip or hostname, as enrolled */
  extraSans: readonly SanEntry[];
  /** The group it is in, if any (docs/groups-and-roles.md) */
  parentGroupId?: string;
}

/**
 * A client's whole life as one event stream. Methods decide and return the events to append;
 * they never mutate, so a rejected decision leaves nothing behind. Deciding "nothing to do"
 * (an empty array) is what makes redelivered messages and repeated requests harmless.
 *
 * What the cert-issuer must do is explicit state, not inferred from the status when it gets to
 * it: a disable followed at once by an enable still revokes the held certificate, and an
 * issuance requested before a disable is dropped.
 */
export class Client implements ClientState {
  declare readonly id: string;
  declare readonly version: number;
  declare readonly name: string;
  declare readonly status: ClientStatus;
  declare readonly topics: Topics;
  declare readonly sans: ClientSans;
  declare readonly tags: Tags;
  declare readonly metadata: Metadata;
  declare readonly certificates: readonly ClientCertificate[];
  declare readonly pendingIssuance?: IssuanceRequest;
  declare readonly revocationsDue: readonly DueRevocation[];
  declare readonly keyCsr?: string;
  declare readonly validitySeconds?: number;
  declare readonly profile?: string;
  declare readonly extraSans: readonly SanEntry[];
  declare readonly parentGroupId?: string;

  private constructor(state: ClientState) {
    Object.assign(this, state);
  }

  /** Enrol (the spine) and create (POST /clients) are this one decision. */
  static enroll(
    input: EnrolClientInput,
    rules: IdentityRules = {},
  ): [EventOf<typeof ClientEnrolled>, ...ClientEvent[]] {
    assertValidClientName(input.name);
    let topics: Topics = {};
    if (input.topics !== undefined || rules.topicsRequired) {
      assertValidTopics(input.topics, rules.topicCatalog);
      topics = { ...input.topics };
    }
    const sans = assertValidSans({ ip: input.ip, hostname: input.hostname }, rules.reservedHostnames);
    const extraSans = input.sans === undefined ? [] : assertValidSanEntries(input.sans);
    assertSansUnder(
      input.profile ?? { name: DEFAULT_PROFILE_NAME, profile: DEFAULT_PROFILE },
      sans,
      extraSans,
      rules.reservedHostnames ?? [],
    );
    const tags = input.tags === undefined ? undefined : assertValidTags(input.tags);
    const metadata = input.metadata === undefined ? undefined : assertValidMetadata(input.metadata);
    if (input.csr !== undefined && input.certificate !== undefined)
      throw new ValidationError('PARAMETERS_NOT_APPROPRIATE', 'give either csr or certificate, not both');
    const validity = input.validity === undefined ? undefined : certificateValidity(input.validity, rules.maxValidity);
    const data: ClientEnrolledData = {
      clientId: input.clientId,
      name: input.name,
      topics,
      ...sans,
      ...(tags ? { tags } : {}),
      ...(metadata ? { metadata } : {}),
      ...(input.csr !== undefined ? { csr: input.csr } : {}),
      ...(validity ? { validitySeconds: validity.seconds } : {}),
      ...(input.profile && input.profile.name !== DEFAULT_PROFILE_NAME ? { profile: input.profile.name } : {}),
      ...(extraSans.length > 0 ? { sans: extraSans } : {}),
    };
    const events: [EventOf<typeof ClientEnrolled>, ...ClientEvent[]] = [ClientEnrolled.create(data)];
    if (input.certificate) {
      assertNamesOf(input.certificate.names, input.name, sans);
      events.push(registeredEvent(input.clientId, input.certificate));
    }
    return events;
  }

  static fromHistory(clientId: string, history: readonly ClientEvent[]): Client {
    const [first] = history;
    if (!first || first.type !== ClientEnrolled.type) throw new ClientNotFoundError(`with id ${clientId}`);
    return Client.fromEnrolled(first.data).evolve(history.slice(1));
  }

  /** This client after the given events, e.g. the ones just decided. */
  evolve(events: readonly ClientEvent[]): Client {
    return events.reduce<Client>((c, e) => c.apply(e), this);
  }

  get isLive(): boolean {
    return this.status !== 'removed';
  }

  /** The newest certificate, whatever its status; older ones may still be valid after a renewal without revokeOld. */
  get currentCertificate(): ClientCertificate | undefined {
    return this.certificates[this.certificates.length - 1];
  }

  get liveCertificates(): ClientCertificate[] {
    return this.certificates.filter((c) => !c.revocation);
  }

  /** Certificates that still authenticate at `at`: not revoked, not expired. */
  validCertificates(at: Date): ClientCertificate[] {
    return this.liveCertificates.filter((c) => new Date(c.notAfter) > at);
  }

  /** The issuer signs only for an enabled client with an open request. */
  needsCertificate(): boolean {
    return this.status === 'enabled' && this.pendingIssuance !== undefined;
  }

  /**
   * The issued certificate, and the revocation (superseded) of every older live one when the request
   * said revokeOld, or of the one certificate that asked for it.
   */
  recordIssuedCertificate(cert: CertificateIssuedData, at: Date): ClientEvent[] {
    if (!this.needsCertificate()) return [];
    const { revokeOld, supersedes } = this.pendingIssuance!;
    const superseded = this.liveCertificates.filter((c) => revokeOld || c.serialNumber === supersedes);
    return [
      CertificateIssued.create(cert),
      ...superseded.map((c) => this.revocation(c.serialNumber, 'superseded', at)),
    ];
  }

  /** Revocations that disable, delete or leave made due and that are not recorded yet. */
  revokeDue(at: Date): ClientEvent[] {
    return this.revocationsDue.map((d) => this.revocation(d.serialNumber, d.reason, at));
  }

  /**
   * A new name, ip or hostname revokes every valid certificate (superseded) in the same decision and,
   * for an enabled client, asks for one that states the new identity (for the key of its CSR, if it
   * gave one): the old identity is freed in the transaction that revokes the last certificate
   * carrying it, so no two clients can ever hold valid certificates with one name.
   */
  update(patch: ClientPatch, rules: IdentityRules = {}, at: Date = new Date()): ClientEvent[] {
    this.assertLive();
    const changes: Omit<ClientUpdatedData, 'clientId'> = {};
    if (patch.name !== undefined) {
      assertValidClientName(patch.name);
      if (patch.name !== this.name) changes.name = patch.name;
    }
    Object.assign(changes, changedLabels(patch, this));
    if (patch.ip !== undefined || patch.hostname !== undefined) {
      const sans = this.patchedSans(patch, rules);
      if (sans.ip !== this.sans.ip || sans.hostname !== this.sans.hostname)
        Object.assign(changes, { ip: sans.ip ?? null, hostname: sans.hostname ?? null });
    }
    if (Object.keys(changes).length === 0) return [];
    const updated = ClientUpdated.create({ clientId: this.id, ...changes });
    if (changes.name === undefined && changes.ip === undefined && changes.hostname === undefined) return [updated];
    const superseded = this.validCertificates(at).map((c) => this.revocation(c.serialNumber, 'superseded', at));
    // With nothing superseded the client's certificate is still on its way, and the issuer folds
    // the stream when it signs: it will carry the new names without a second request.
    const reissue =
      this.status === 'enabled' && superseded.length > 0
        ? [
            CertificateRenewed.create({
              clientId: this.id,
              revokeOld: false,
              ...(this.keyCsr !== undefined ? { csr: this.keyCsr } : {}),
            }),
          ]
        : [];
    return [updated, ...superseded, ...reissue];
  }

  disable(): ClientEvent[] {
    this.assertLive();
    return this.status === 'disabled' ? [] : [ClientDisabled.create({ clientId: this.id })];
  }

  enable(): ClientEvent[] {
    this.assertLive();
    return this.status === 'enabled' ? [] : [ClientEnabled.create({ clientId: this.id })];
  }

  /** That the group exists is for the write side to say, under the hierarchy's lock (GroupRegistry). */
  setParentGroup(groupId: string | null): ClientEvent[] {
    this.assertLive();
    return (groupId ?? undefined) === this.parentGroupId
      ? []
      : [ClientParentGroupSet.create({ clientId: this.id, groupId })];
  }

  delete(): ClientEvent[] {
    this.assertLive();
    return [ClientDeleted.create({ clientId: this.id, name: this.name })];
  }

  /** The spine's leave (POST /clientcontroller/leave): the client ends itself; recorded as ClientRemoved. */
  leave(): ClientEvent[] {
    this.assertLive();
    return [ClientRemoved.create({ clientId: this.id, name: this.name, reason: 'left' })];
  }

  /**
   * Refused when the new certificate would take the client over its limit of valid certificates; a
   * renewal that revokes what it replaces (revokeOld, or asked for by a certificate) never does.
   */
  renew(request: RenewalRequest, limits: CertificateLimits): ClientEvent[] {
    this.assertEnabled();
    // The same certificate asking again for the same CSR while the issuer is at it (EST's repeat after 202) asks for nothing new.
    const pending = this.pendingIssuance;
    if (
      request.supersedes !== undefined &&
      pending?.supersedes === request.supersedes &&
      pending.csr === request.csr &&
      !request.revokeOld
    )
      return [];
    // The store may already hold the asking certificate superseded while the read models it was
    // let in by do not show it yet: the same CSR again is the repeat of that renewal, anything else is refused.
    const asking =
      request.supersedes === undefined
        ? undefined
        : this.certificates.find((c) => c.serialNumber === request.supersedes);
    if (asking?.revocation) {
      if (
        asking.revocation.reason === 'superseded' &&
        request.csr !== undefined &&
        request.csr === this.keyCsr &&
        !request.revokeOld
      )
        return [];
      throw new CertificateAlreadyRevokedError(asking.serialNumber, asking.revocation.reason);
    }
    const valid = this.validCertificates(limits.at);
    const supersedes = valid.find((c) => c.serialNumber === request.supersedes)?.serialNumber;
    this.assertRoomFor(request.revokeOld ? valid.length : supersedes ? 1 : 0, limits);
    const data: CertificateRenewedData = {
      clientId: this.id,
      revokeOld: request.revokeOld,
      ...(request.csr !== undefined ? { csr: request.csr } : {}),
      ...(supersedes !== undefined && !request.revokeOld ? { supersedes } : {}),
    };
    return [CertificateRenewed.create(data)];
  }

  /** Registering the certificate the client already holds again changes nothing (PUT is idempotent). */
  registerCertificate(cert: RegisteredCertificate, limits: CertificateLimits): ClientEvent[] {
    this.assertEnabled();
    const held = this.certificates.find((c) => c.serialNumber === cert.serialNumber);
    if (held?.revocation) throw new ValidationError('INVALID_CERTIFICATE', 'this certificate has been revoked');
    if (held && held.fingerprintSha256 !== cert.fingerprintSha256)
      throw new CertificateAlreadyRegisteredError(cert.serialNumber);
    if (held) return [];
    assertNamesOf(cert.names, this.name, this.sans);
    this.assertRoomFor(0, limits);
    return [registeredEvent(this.id, cert)];
  }

  /**
   * Revokes one of this client's certificates, also of a disabled or removed client (whose due
   * revocation it overtakes with this reason). A revoked certificate is refused, except an operator's
   * hold, which another reason makes final (RFC 5280 allows a hold to become a revocation).
   */
  revokeCertificate(serialNumber: string, reason: unknown, at: Date): ClientEvent[] {
    assertRevocationReason(reason);
    const cert = this.certificate(serialNumber);
    if (cert.revocation && !(cert.revocation.releasable && reason !== 'certificateHold'))
      throw new CertificateAlreadyRevokedError(serialNumber, cert.revocation.reason);
    return [this.revocation(serialNumber, reason, at)];
  }

  /**
   * Makes a certificate an operator put on hold valid again, for an enabled client, within its
   * limit of valid certificates (an expired one counts for none).
   */
  releaseHold(serialNumber: string, limits: CertificateLimits): ClientEvent[] {
    this.assertEnabled();
    const cert = this.certificate(serialNumber);
    if (cert.revocation?.reason !== 'certificateHold')
      throw new CertificateNotOnHoldError(
        serialNumber,
        cert.revocation ? `is revoked (${cert.revocation.reason}), not on hold` : 'is not revoked',
      );
    if (!cert.revocation.releasable)
      throw new CertificateNotOnHoldError(
        serialNumber,
        'is held for good: by a disable (enable issues a new certificate instead), or since a rename or SAN change',
      );
    if (new Date(cert.notAfter) > limits.at) this.assertRoomFor(0, limits);
    return [CertificateHoldReleased.create({ clientId: this.id, serialNumber, releasedAt: limits.at.toISOString() })];
  }

  private certificate(serialNumber: string): ClientCertificate {
    const cert = this.certificates.find((c) => c.serialNumber === serialNumber);
    if (!cert) throw new CertificateNotFoundError(serialNumber);
    return cert;
  }

  /** A new certificate, with `freed` valid ones revoked along with it, must not take the client over its limit (nor further over it). */
  private assertRoomFor(freed: number, { maxValid, at }: CertificateLimits): void {
    const before = this.validCertificates(at).length;
    const after = before - freed + 1;
    if (after > maxValid && after > before) throw new CertificateLimitReachedError(maxValid);
  }

  private assertLive(): void {
    if (!this.isLive) throw new ClientNotFoundError(`named "${this.name}"`);
  }

  private assertEnabled(): void {
    this.assertLive();
    if (this.status === 'disabled') throw new ClientDisabledError();
  }

  private patchedSans(patch: ClientPatch, rules: IdentityRules): ClientSans {
    if (patch.ip !== undefined && patch.hostname !== undefined)
      throw new ValidationError('PARAMETERS_NOT_APPROPRIATE', 'give either ip or hostname, not both');
    if (patch.ip === null) return { hostname: this.sans.hostname };
    if (patch.hostname === null) return { ip: this.sans.ip };
    return assertValidSans({ ip: patch.ip, hostname: patch.hostname }, rules.reservedHostnames);
  }

  private revocation(serialNumber: string, reason: RevocationReason, at: Date): ClientEvent {
    return CertificateRevoked.create({ clientId: this.id, serialNumber, reason, revokedAt: at.toISOString() });
  }

  private static fromEnrolled(d: ClientEnrolledData): Client {
    return new Client({
      id: d.clientId,
      version: 1,
      name: d.name,
      status: 'enabled',
      topics: d.topics,
      sans: compactSans(d.ip, d.hostname),
      tags: d.tags ?? [],
      metadata: d.metadata ?? {},
      certificates: [],
      pendingIssuance: { csr: d.csr, revokeOld: false },
      revocationsDue: [],
      keyCsr: d.csr,
      validitySeconds: d.validitySeconds,
      profile: d.profile,
      extraSans: d.sans ?? [],
    });
  }

  private next(changes: Partial<ClientState>): Client {
    return new Client({ ...this, ...changes, version: this.version + 1 });
  }

  private apply(e: ClientEvent): Client {
    switch (e.type) {
      case CertificateIssued.type: {
        const d = e.data;
        return this.next({
          certificates: [...this.certificates, { ...certificateOf(d), keyOrigin: d.keyOrigin }],
          pendingIssuance: undefined,
        });
      }
      case CertificateRegistered.type: {
        const d = e.data;
        return this.next({
          certificates: [...this.certificates, { ...certificateOf(d), keyOrigin: 'registered' }],
          pendingIssuance: undefined,
          keyCsr: undefined,
        });
      }
      case CertificateRevoked.type: {
        const d = e.data;
        // A hold the disable made due is the disable's; any other hold was asked for on its own.
        const releasable =
          d.reason === 'certificateHold' && !this.revocationsDue.some((r) => r.serialNumber === d.serialNumber);
        const revocation = { reason: d.reason, revokedAt: d.revokedAt, ...(releasable ? { releasable } : {}) };
        return this.next({
          certificates: this.certificates.map((c) => (c.serialNumber === d.serialNumber ? { ...c, revocation } : c)),
          revocationsDue: this.revocationsDue.filter((r) => r.serialNumber !== d.serialNumber),
        });
      }
      case CertificateHoldReleased.type: {
        const d = e.data;
        return this.next({
          certificates: this.certificates.map((c) =>
            c.serialNumber === d.serialNumber ? { ...c, revocation: undefined } : c,
          ),
        });
      }
      case ClientUpdated.type: {
        const d = e.data;
        const sansChanged = d.ip !== undefined || d.hostname !== undefined;
        // A held certificate states the old identity, which another client may take now: it stays held.
        const identityChanged = sansChanged || d.name !== undefined;
        return this.next({
          ...(identityChanged ? { certificates: this.certificates.map(finalRevocation) } : {}),
          name: d.name ?? this.name,
          tags: d.tags ?? this.tags,
          metadata: d.metadata ?? this.metadata,
          sans: sansChanged
            ? compactSans(
                d.ip === undefined ? this.sans.ip : d.ip,
                d.hostname === undefined ? this.sans.hostname : d.hostname,
              )
            : this.sans,
        });
      }
      case ClientDisabled.type:
        return this.next({
          status: 'disabled',
          pendingIssuance: undefined,
          revocationsDue: this.dueWith('certificateHold'),
        });
      case ClientEnabled.type:
        return this.next({ status: 'enabled', pendingIssuance: { csr: this.keyCsr, revokeOld: false } });
      case CertificateRenewed.type: {
        const d = e.data;
        // A later request replaces one the issuer has not answered yet.
        return this.next({
          pendingIssuance: { csr: d.csr, revokeOld: d.revokeOld, supersedes: d.supersedes },
          keyCsr: d.csr,
        });
      }
      case ClientRemoved.type:
      case ClientDeleted.type:
        return this.next({
          status: 'removed',
          pendingIssuance: undefined,
          revocationsDue: this.dueWith('cessationOfOperation'),
        });
      case ClientParentGroupSet.type:
        return this.next({ parentGroupId: e.data.groupId ?? undefined });
      default:
        // Event types this version does not know still count towards the stream version.
        return this.next({});
    }
  }

  /** Every live certificate becomes due for revocation with this reason (the latest reason wins for one already due). */
  private dueWith(reason: RevocationReason): DueRevocation[] {
    const live = this.liveCertificates.map((c) => c.serialNumber);
    return [
      ...this.revocationsDue.filter((r) => !live.includes(r.serialNumber)),
      ...live.map((serialNumber) => ({ serialNumber, reason })),
    ];
  }
}

/**
 * A registered certificate must state the client's identity and no other: CN user-<name>, and SANs
 * only of the client's own ip or hostname, which the registry reserves for it alone.
 */
function assertNamesOf(names: CertificateNames, name: string, sans: ClientSans): void {
  const cn = certificateCommonName(name);
  if (names.commonName !== cn)
    throw new ValidationError('INVALID_CERTIFICATE', `the certificate's CN must be ${cn}, for the client's name`);
  const foreignIp = names.ips.some(
    (ip) => !(sans.ip !== undefined && IpAddress.canonicalText(ip) === IpAddress.canonicalText(sans.ip)),
  );
  const foreignHostname = names.hostnames.some((h) => h.toLowerCase() !== sans.hostname?.toLowerCase());
  if (foreignIp || foreignHostname)
    throw new ValidationError(
      'INVALID_CERTIFICATE',
      "the certificate names an ip or hostname that is not the client's own",
    );
}

/**
 * Every SAN the client states (its ip or hostname and its sans list) must be allowed by its profile,
 * none twice, and no DNS name one of the server's own.
 */
function assertSansUnder(
  named: { name: string; profile: CertificateProfile },
  seed: ClientSans,
  extra: readonly SanEntry[],
  reservedHostnames: readonly string[],
): void {
  const all: SanEntry[] = [
    ...(seed.ip ? [{ type: 'ip' as const, value: seed.ip }] : []),
    ...(seed.hostname ? [{ type: 'dns' as const, value: seed.hostname }] : []),
    ...extra,
  ];
  const keys = all.map(sanKey);
  if (new Set(keys).size !== keys.length)
    throw new ValidationError('INVALID_SANS', 'sans must not repeat the ip or hostname');
  const reserved = ['localhost', ...reservedHostnames].map((h) => h.toLowerCase());
  if (extra.some((e) => e.type === 'dns' && reserved.includes(e.value)))
    throw new ValidationError('RESERVED_HOSTNAME', 'sans names a hostname that is reserved');
  assertSansAllowedBy(named.profile, named.name, all);
}

function finalRevocation(c: ClientCertificate): ClientCertificate {
  return c.revocation?.releasable
    ? { ...c, revocation: { reason: c.revocation.reason, revokedAt: c.revocation.revokedAt } }
    : c;
}

function registeredEvent(clientId: string, { names: _names, ...cert }: RegisteredCertificate): ClientEvent {
  return CertificateRegistered.create({ clientId, ...cert });
}

function certificateOf(d: { serialNumber: string; notBefore: string; notAfter: string; fingerprintSha256: string }) {
  return {
    serialNumber: d.serialNumber,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    fingerprintSha256: d.fingerprintSha256,
  };
}

/** Events written before IPs were canonicalised may carry another spelling; the fold reads them in canonical text. */
function compactSans(ip: string | null | undefined, hostname: string | null | undefined): ClientSans {
  return { ...(ip ? { ip: IpAddress.canonicalText(ip) } : {}), ...(hostname ? { hostname } : {}) };
}
