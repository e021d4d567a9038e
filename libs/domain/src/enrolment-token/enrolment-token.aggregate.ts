import { DomainEvent } from '../shared/domain-event';
import { ValidationError } from '../shared/domain-error';
import { assertValidClientName } from '../client/client-name';
import { assertValidSans } from '../client/client-sans';
import { assertValidTags, Tags } from '../client/client-tags';
import { assertValidMetadata, Metadata } from '../client/client-metadata';
import { assertValidTopics, TopicCatalog, Topics } from '../client/topics';
import { Duration } from '../shared/duration';
import { DEFAULT_PROFILE_NAME } from '../profile/default-profile';
import { CertificateProfile } from '../profile/certificate-profile';
import { assertSansAllowedBy } from '../profile/san-entries';
import { certificateValidity } from '../client/certificate-validity';
import { assertValidNamePattern, isNameAllowedByPattern } from './name-pattern';
import { EnrolmentTokenNotFoundError, EnrolmentTokenRefusedError } from './enrolment-token.errors';
import { EnrolmentTokenCreated, EnrolmentTokenCreatedData } from './events/enrolment-token-created.event';
import { EnrolmentTokenUsed } from './events/enrolment-token-used.event';
import { EnrolmentTokenRevoked } from './events/enrolment-token-revoked.event';

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const MIN_TOKEN_TTL_SECONDS = 60;
export const MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const MAX_TOKEN_USES = 1000;

export interface CreateEnrolmentTokenInput {
  tokenId: string;
  name?: unknown;
  namePattern?: unknown;
  ip?: unknown;
  hostname?: unknown;
  tags?: unknown;
  metadata?: unknown;
  topics?: unknown;
  /** How long each certificate of a client it enrols is valid (`24h`): 5 minutes to the deployment's; default the deployment's. */
  validity?: unknown;
  /** The live certificate profile the caller resolved from the request (absent: the default profile). */
  profile?: { name: string; profile: CertificateProfile };
  /** Seconds from now; default one hour, at most 30 days. */
  ttl?: unknown;
  uses?: unknown;
}

export interface EnrolmentTokenRules {
  /** CERTPLANE_CERT_VALIDITY: a token may shorten a certificate's validity, never lengthen it. */
  maxValidity: Duration;
  reservedHostnames?: readonly string[];
  topicCatalog?: TopicCatalog;
}

/** What a use enrols: the name the device asked for (or the token's fixed one) and the rest as the token says. */
export interface TokenEnrolment {
  name: string;
  ip?: string;
  hostname?: string;
  tags?: Tags;
  metadata?: Metadata;
  topics?: Topics;
  /** The token's validity: the default and the longest a device may ask for. */
  validity?: Duration;
  /** The certificate profile the token names; absent: the default profile. */
  profile?: string;
}

export type EnrolmentTokenStatus = 'active' | 'expired' | 'used' | 'revoked';

/** Revoked over used up over expired: the order a use is refused in, and the status a list shows. */
export function enrolmentTokenStatus(
  t: { revoked: boolean; usesLeft: number; expiresAt: Date },
  now: Date,
): EnrolmentTokenStatus {
  if (t.revoked) return 'revoked';
  if (t.usesLeft === 0) return 'used';
  return now >= t.expiresAt ? 'expired' : 'active';
}

/**
 * One enrolment token as an event stream: what it allows, how many uses it had, whether it was
 * revoked. Methods decide and return events, never mutate. A use is appended at the version it
 * was decided on, in the enrolment's transaction, so of concurrent uses of the last use exactly
 * one commits; the others decide again on the fresh state and are refused.
 */
export class EnrolmentToken {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly grant: EnrolmentTokenCreatedData,
    readonly used: number,
    readonly revoked: boolean,
    readonly created: Date | undefined,
  ) {}

  static create(input: CreateEnrolmentTokenInput, now: Date, rules: EnrolmentTokenRules): DomainEvent[] {
    if (input.name !== undefined && input.namePattern !== undefined)
      throw new ValidationError('PARAMETERS_NOT_APPROPRIATE', 'give either name or namePattern, not both');
    if (input.name === undefined && input.namePattern === undefined)
      throw new ValidationError('INVALID_NAME', 'give name (a fixed client name) or namePattern');
    if (input.name !== undefined) assertValidClientName(input.name);
    if (input.namePattern !== undefined) assertValidNamePattern(input.namePattern);
    const sans = assertValidSans({ ip: input.ip, hostname: input.hostname }, rules.reservedHostnames);
    // The SAN every client it enrols states must be one its profile allows, or every use would fail.
    if (input.profile)
      assertSansAllowedBy(input.profile.profile, input.profile.name, [
        ...(sans.ip ? [{ type: 'ip' as const, value: sans.ip }] : []),
        ...(sans.hostname ? [{ type: 'dns' as const, value: sans.hostname }] : []),
      ]);
    const tags = input.tags === undefined ? undefined : assertValidTags(input.tags);
    const metadata = input.metadata === undefined ? undefined : assertValidMetadata(input.metadata);
    if (input.topics !== undefined) assertValidTopics(input.topics, rules.topicCatalog);
    // Only a field left out takes the default: null is a value, and not a number.
    const ttl = wholeNumber(
      input.ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : input.ttl,
      MIN_TOKEN_TTL_SECONDS,
      MAX_TOKEN_TTL_SECONDS,
      'INVALID_TTL',
      'ttl must be whole seconds',
    );
    const validity = input.validity === undefined ? undefined : certificateValidity(input.validity, rules.maxValidity);
    const uses = wholeNumber(
      input.uses === undefined ? 1 : input.uses,
      1,
      MAX_TOKEN_USES,
      'INVALID_USES',
      'uses must be a whole number',
    );
    return [
      EnrolmentTokenCreated.create({
        tokenId: input.tokenId,
        ...(input.name !== undefined ? { name: input.name as string } : { namePattern: input.namePattern as string }),
        ...sans,
        ...(tags ? { tags } : {}),
        ...(metadata ? { metadata } : {}),
        ...(input.topics !== undefined ? { topics: { ...(input.topics as Topics) } } : {}),
        ...(validity ? { validitySeconds: validity.seconds } : {}),
        ...(input.profile && input.profile.name !== DEFAULT_PROFILE_NAME ? { profile: input.profile.name } : {}),
        uses,
        expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
      }),
    ];
  }

  static fromHistory(tokenId: string, history: readonly (DomainEvent & { recordedAt?: Date })[]): EnrolmentToken {
    const first = history[0];
    if (!first || first.type !== EnrolmentTokenCreated.type) throw new EnrolmentTokenNotFoundError(tokenId);
    const created = new EnrolmentToken(tokenId, 1, first.data as EnrolmentTokenCreatedData, 0, false, first.recordedAt);
    return history.slice(1).reduce((t, e) => t.apply(e), created);
  }

  get usesLeft(): number {
    return Math.max(0, this.grant.uses - this.used);
  }

  get expiresAt(): Date {
    return new Date(this.grant.expiresAt);
  }

  status(now: Date): EnrolmentTokenStatus {
    return enrolmentTokenStatus(this, now);
  }

  /**
   * One use for `clientId`, asking for `name` (optional when the token fixes it) and perhaps, by an EST
   * label, for a profile. Refused, with nothing decided, when the token is revoked, used up or expired,
   * or does not allow the name or the profile: the token is the operator's grant, so a device cannot
   * pick another profile than the one it names (the default one when it names none).
   */
  use(
    clientId: string,
    request: { name?: unknown; profile?: string },
    now: Date,
  ): { events: DomainEvent[]; enrolment: TokenEnrolment } {
    const status = this.status(now);
    if (status === 'revoked') throw new EnrolmentTokenRefusedError('ENROLMENT_TOKEN_REVOKED');
    if (status === 'used') throw new EnrolmentTokenRefusedError('ENROLMENT_TOKEN_USED_UP');
    if (status === 'expired') throw new EnrolmentTokenRefusedError('ENROLMENT_TOKEN_EXPIRED');
    const name = this.allowedName(request.name);
    this.assertProfileAllowed(request.profile);
    const {
      tokenId: _id,
      name: _name,
      namePattern: _pattern,
      uses: _uses,
      expiresAt: _expiry,
      validitySeconds,
      ...rest
    } = this.grant;
    const validity = validitySeconds === undefined ? undefined : Duration.ofSeconds(validitySeconds);
    return {
      events: [EnrolmentTokenUsed.create({ tokenId: this.id, clientId, name })],
      enrolment: { name, ...rest, ...(validity ? { validity } : {}) },
    };
  }

  /** A profile asked for (an EST label) must be the one the token names; undefined asks for none. */
  assertProfileAllowed(profile: string | undefined): void {
    const granted = this.grant.profile ?? DEFAULT_PROFILE_NAME;
    if (profile !== undefined && profile !== granted)
      throw new EnrolmentTokenRefusedError(
        'ENROLMENT_TOKEN_NOT_ALLOWED',
        `it is for the certificate profile ${JSON.stringify(granted)}`,
      );
  }

  /** Revoking a revoked token decides nothing, so a repeated DELETE is harmless. */
  revoke(): DomainEvent[] {
    return this.revoked ? [] : [EnrolmentTokenRevoked.create({ tokenId: this.id })];
  }

  private allowedName(requested: unknown): string {
    const { name, namePattern } = this.grant;
    if (name !== undefined) {
      if (requested === undefined || requested === name) return name;
      throw new EnrolmentTokenRefusedError('ENROLMENT_TOKEN_NOT_ALLOWED', 'it is for one fixed name');
    }
    if (typeof requested === 'string' && isNameAllowedByPattern(requested, namePattern!)) return requested;
    throw new EnrolmentTokenRefusedError(
      'ENROLMENT_TOKEN_NOT_ALLOWED',
      requested === undefined ? 'it is for a name pattern: give name' : 'the name is not one its pattern stands for',
    );
  }

  private apply(e: DomainEvent): EnrolmentToken {
    const next = (changes: { used?: number; revoked?: boolean }) =>
      new EnrolmentToken(
        this.id,
        this.version + 1,
        this.grant,
        changes.used ?? this.used,
        changes.revoked ?? this.revoked,
        this.created,
      );
    switch (e.type) {
      case EnrolmentTokenUsed.type:
        return next({ used: this.used + 1 });
      case EnrolmentTokenRevoked.type:
        return next({ revoked: true });
      default:
        return next({});
    }
  }
}

function wholeNumber(value: unknown, min: number, max: number, code: string, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ValidationError(code, `${what} from ${min} to ${max}`);
  return value;
}
