import { randomUUID } from 'node:crypto';
import { DomainEvent } from '../shared/domain-event';
import { ValidationError } from '../shared/domain-error';
import { assertDns1123Label } from '../namespace/dns-1123-label';
import { assertValidProfile, CertificateProfile, sameProfile } from './certificate-profile';
import { DEFAULT_PROFILE_NAME } from './default-profile';
import { ProfileDefined, ProfileDefinedData } from './events/profile-defined.event';
import { ProfileChanged, ProfileChangedData } from './events/profile-changed.event';
import { ProfileDeleted } from './events/profile-deleted.event';
import { DefaultProfileReadOnlyError, ProfileNotFoundError } from './profile.errors';

const REMOVABLE = new Set(['validity', 'maxValidity', 'sans']);

export const newProfileId = (): string => randomUUID();
export const profileStreamId = (profileId: string): string => `profile-${profileId}`;

/** A profile name: it appears in URLs, EST labels and tokens, so a DNS-1123 label; `default` is built in. */
export function assertProfileName(name: unknown): asserts name is string {
  assertDns1123Label(name, 'name', 'INVALID_PROFILE_NAME');
  if (name === DEFAULT_PROFILE_NAME) throw new DefaultProfileReadOnlyError();
}

/** A request's `profile` field: a name to look up (UNKNOWN_PROFILE when it is none, as for a name no profile has). */
export function profileName(value: unknown): string {
  if (typeof value !== 'string')
    throw new ValidationError('UNKNOWN_PROFILE', 'profile must be the name of a certificate profile');
  return value;
}

/**
 * One incarnation of a named certificate profile. Whether the name is free and whether clients still
 * name the profile are facts about other streams: the profile registry decides those in the append.
 */
export class Profile {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly name: string,
    readonly profile: CertificateProfile,
    readonly deleted: boolean,
  ) {}

  static define(profileId: string, name: unknown, profile: unknown): DomainEvent[] {
    assertProfileName(name);
    return [ProfileDefined.create({ profileId, name, profile: assertValidProfile(profile) })];
  }

  static fromHistory(profileId: string, history: readonly DomainEvent[]): Profile {
    if (history.length === 0 || history[0].type !== ProfileDefined.type) throw new ProfileNotFoundError(profileId);
    const d = history[0].data as ProfileDefinedData;
    return history
      .slice(1)
      .reduce((p, e) => p.apply(e), new Profile(d.profileId, 1, d.name, d.profile as CertificateProfile, false));
  }

  /** The same profile again decides nothing: a reload of an unchanged file appends nothing. */
  change(profile: unknown): DomainEvent[] {
    if (this.deleted) throw new ProfileNotFoundError(this.name);
    const checked = assertValidProfile(profile);
    return sameProfile(checked, this.profile)
      ? []
      : [ProfileChanged.create({ profileId: this.id, name: this.name, profile: checked })];
  }

  /**
   * PATCH: each field given replaces the profile's, null removes an optional one (validity, maxValidity,
   * sans: none allowed then); the result is checked whole, as a definition is, and recorded whole.
   */
  patch(changes: Readonly<Record<string, unknown>>): DomainEvent[] {
    const patched: Record<string, unknown> = { ...this.profile };
    for (const [field, value] of Object.entries(changes)) {
      if (value === null && REMOVABLE.has(field)) delete patched[field];
      else patched[field] = value;
    }
    return this.change(patched);
  }

  delete(): DomainEvent[] {
    if (this.deleted) throw new ProfileNotFoundError(this.name);
    return [ProfileDeleted.create({ profileId: this.id, name: this.name })];
  }

  private apply(e: DomainEvent): Profile {
    const profile =
      e.type === ProfileChanged.type ? ((e.data as ProfileChangedData).profile as CertificateProfile) : this.profile;
    // Event types this version does not know still count towards the stream version.
    return new Profile(this.id, this.version + 1, this.name, profile, this.deleted || e.type === ProfileDeleted.type);
  }
}
