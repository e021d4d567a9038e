import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_PROFILE, DEFAULT_PROFILE_NAME } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { profileView, ProfileView } from '../profile-view';
import { ListProfilesQuery } from './list-profiles.query';

/** The built-in default first, then the live profiles by name. */
@QueryHandler(ListProfilesQuery)
export class ListProfilesHandler implements IQueryHandler<ListProfilesQuery, ProfileView[]> {
  constructor(
    private readonly registry: ProfileRegistry,
    private readonly profiles: ProfileRepository,
  ) {}

  async execute(): Promise<ProfileView[]> {
    const live = await Promise.all((await this.registry.listLive()).map((p) => this.profiles.load(p.profileId)));
    return [
      profileView(DEFAULT_PROFILE_NAME, DEFAULT_PROFILE, true),
      ...live.map((p) => profileView(p.name, p.profile)),
    ];
  }
}
