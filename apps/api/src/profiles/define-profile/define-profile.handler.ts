import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newProfileId, Profile } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { profileView, ProfileView } from '../profile-view';
import { DefineProfileCommand } from './define-profile.command';

/** A new profile, appended with its name reservation: a live name is held once (PROFILE_ALREADY_EXISTS). */
@CommandHandler(DefineProfileCommand)
export class DefineProfileHandler implements ICommandHandler<DefineProfileCommand, ProfileView> {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly registry: ProfileRegistry,
  ) {}

  async execute({ name, profile, context }: DefineProfileCommand): Promise<ProfileView> {
    const profileId = newProfileId();
    const events = Profile.define(profileId, name, profile);
    const defined = events[0].data;
    const { after } = await this.profiles.create(
      profileId,
      { events, also: [this.registry.reserve(profileId, defined.name)] },
      context,
    );
    return profileView(after.name, after.profile);
  }
}
