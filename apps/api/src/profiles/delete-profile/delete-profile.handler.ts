import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertProfileName } from '@certplane/domain';
import { ProfileRegistry, ProfileRepository } from '@certplane/event-store';
import { DeleteProfileCommand } from './delete-profile.command';

/**
 * Deletes a profile no live client is under (PROFILE_IN_USE otherwise: move or delete them first). An
 * enrolment token or EST label naming it fails with UNKNOWN_PROFILE from then on.
 */
@CommandHandler(DeleteProfileCommand)
export class DeleteProfileHandler implements ICommandHandler<DeleteProfileCommand, void> {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly registry: ProfileRegistry,
  ) {}

  async execute({ name, context }: DeleteProfileCommand): Promise<void> {
    assertProfileName(name);
    const profileId = await this.registry.assertLive(name);
    await this.profiles.update(
      profileId,
      (p) => ({ events: p.delete(), also: [this.registry.release({ profileId, name })] }),
      context,
    );
  }
}
