import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertProfileName } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { profileView, ProfileView } from '../profile-view';
import { UpdateProfileCommand } from './update-profile.command';

/**
 * PATCH: the fields given change, the rest stay, and the result is checked as a definition is. Recorded
 * as ProfileChanged with the whole profile after, as PUT records it; nothing changed records nothing.
 * Certificates issued before keep what they say; the next issuance under the profile follows it.
 */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand, ProfileView> {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly registry: ProfileRegistry,
  ) {}

  async execute({ name, changes, context }: UpdateProfileCommand): Promise<ProfileView> {
    assertProfileName(name);
    const profileId = await this.registry.assertLive(name);
    const { after } = await this.profiles.update(profileId, (p) => ({ events: p.patch(changes) }), context);
    return profileView(after.name, after.profile);
  }
}
