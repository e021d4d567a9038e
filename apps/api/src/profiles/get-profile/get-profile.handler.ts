import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME, ProfileNotFoundError } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { profileView, ProfileView } from '../profile-view';
import { GetProfileQuery } from './get-profile.query';

/** Read from the profile's own stream: profiles are few and small, and the store is the truth. */
@QueryHandler(GetProfileQuery)
export class GetProfileHandler implements IQueryHandler<GetProfileQuery, ProfileView> {
  constructor(
    private readonly registry: ProfileRegistry,
    private readonly profiles: ProfileRepository,
  ) {}

  async execute({ name }: GetProfileQuery): Promise<ProfileView> {
    if (name === DEFAULT_PROFILE_NAME) return profileView(DEFAULT_PROFILE_NAME, DEFAULT_PROFILE, true);
    const profileId = await this.registry.findLive(name);
    if (!profileId) throw new ProfileNotFoundError(name.slice(0, 64));
    const profile = await this.profiles.load(profileId);
    return profileView(profile.name, profile.profile);
  }
}
