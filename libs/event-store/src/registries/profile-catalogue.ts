import {
  CertificateProfile,
  DEFAULT_PROFILE,
  DEFAULT_PROFILE_NAME,
  ProfileNotFoundError,
  ValidationError,
} from '@certplane/domain';
import { ProfileRegistry } from './profile-registry';
import { ProfileRepository } from '../write-path/profile.repository';

export interface NamedProfile {
  name: string;
  profile: CertificateProfile;
}

/**
 * The profile a client, token or EST label names, as the store has it now: the built-in default when
 * none is named. A name no live profile has is UNKNOWN_PROFILE, a request's bad input.
 */
export class ProfileCatalogue {
  constructor(
    private readonly registry: ProfileRegistry,
    private readonly profiles: ProfileRepository,
  ) {}

  async resolve(name: string | undefined): Promise<NamedProfile> {
    if (name === undefined || name === DEFAULT_PROFILE_NAME)
      return { name: DEFAULT_PROFILE_NAME, profile: DEFAULT_PROFILE };
    const profileId = await this.registry.findLive(name);
    if (!profileId)
      throw new ValidationError(
        'UNKNOWN_PROFILE',
        `no certificate profile named ${JSON.stringify(String(name).slice(0, 64))}`,
      );
    const loaded = await this.profiles.load(profileId);
    return { name, profile: loaded.profile };
  }

  /** An EST label (RFC 7030 3.2.2) names a profile in the path: an unknown one is PROFILE_NOT_FOUND, 404. */
  async resolveLabel(label: string): Promise<NamedProfile> {
    try {
      return await this.resolve(label);
    } catch (e) {
      if (e instanceof ValidationError && e.code === 'UNKNOWN_PROFILE')
        throw new ProfileNotFoundError(label.slice(0, 64));
      throw e;
    }
  }
}
