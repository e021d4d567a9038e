import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertProfileName, ProfileAlreadyExistsError } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { DefineProfileCommand } from '../define-profile/define-profile.command';
import { profileView, ProfileView } from '../profile-view';
import { ReplaceProfileCommand } from './replace-profile.command';

/**
 * PUT: the profile as given, defined if the name is free. The same profile again appends nothing,
 * which is what makes loading the profiles file at every start idempotent. Certificates issued
 * before keep what they say; the next issuance under the profile follows the new one.
 */
@CommandHandler(ReplaceProfileCommand)
export class ReplaceProfileHandler implements ICommandHandler<ReplaceProfileCommand, ProfileView> {
  constructor(
    private readonly commands: CommandBus,
    private readonly profiles: ProfileRepository,
    private readonly registry: ProfileRegistry,
  ) {}

  async execute({ name, profile, context }: ReplaceProfileCommand): Promise<ProfileView> {
    assertProfileName(name);
    for (let attempt = 1; ; attempt++) {
      const profileId = await this.registry.findLive(name);
      if (profileId) {
        const { after } = await this.profiles.update(profileId, (p) => ({ events: p.change(profile) }), context);
        return profileView(after.name, after.profile);
      }
      try {
        return await this.commands.execute(new DefineProfileCommand(name, profile, context));
      } catch (e) {
        // Another writer defined it first: change theirs instead.
        if (!(e instanceof ProfileAlreadyExistsError) || attempt >= 2) throw e;
      }
    }
  }
}
