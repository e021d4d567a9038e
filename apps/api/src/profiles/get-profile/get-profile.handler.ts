import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME, Profile, ProfileNotFoundError } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { profileView, ProfileView } from '../profile-view';
import { GetProfileQuery } from './get-profile.query';

/**
 * Read from the profile's own stream: profiles are few and small, and the store is the truth. With ?at=
 * the fold is cut at that moment, as GET /clients/:id and /channels/:id do, for the profile that had the
 * name then; the built-in default is the same at every moment.
 */
@QueryHandler(GetProfileQuery)
export class GetProfileHandler implements IQueryHandler<GetProfileQuery, ProfileView> {
  constructor(
    private readonly registry: ProfileRegistry,
    private readonly profiles: ProfileRepository,
  ) {}

  async execute({ name, at }: GetProfileQuery): Promise<ProfileView> {
    if (name === DEFAULT_PROFILE_NAME) return profileView(DEFAULT_PROFILE_NAME, DEFAULT_PROFILE, true);
    const profile = at === undefined ? await this.now(name) : await this.at(name, at);
    if (!profile || profile.deleted)
      throw new ProfileNotFoundError(`${name.slice(0, 64)}${at ? `" at "${at.toISOString()}` : ''}`);
    return profileView(profile.name, profile.profile);
  }

  private async now(name: string): Promise<Profile | undefined> {
    const profileId = await this.registry.findLive(name);
    return profileId ? this.profiles.load(profileId) : undefined;
  }

  private async at(name: string, at: Date): Promise<Profile | undefined> {
    const profileId = await this.registry.heldAt(name, at);
    return profileId ? this.profiles.loadAt(profileId, at) : undefined;
  }
}
