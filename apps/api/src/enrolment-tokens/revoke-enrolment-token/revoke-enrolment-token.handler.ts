import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EnrolmentTokenNotFoundError } from '@certplane/domain';
import { EnrolmentTokenRegistry, EnrolmentTokenRepository } from '@certplane/event-store';
import { RevokeEnrolmentTokenCommand } from './revoke-enrolment-token.command';

/** Revokes the token; a use racing with it either committed first or is refused. Revoking it again changes nothing. */
@CommandHandler(RevokeEnrolmentTokenCommand)
export class RevokeEnrolmentTokenHandler implements ICommandHandler<RevokeEnrolmentTokenCommand, void> {
  constructor(
    private readonly tokens: EnrolmentTokenRepository,
    private readonly registry: EnrolmentTokenRegistry,
  ) {}

  async execute({ tokenId, context }: RevokeEnrolmentTokenCommand): Promise<void> {
    if (!(await this.registry.find(tokenId))) throw new EnrolmentTokenNotFoundError(tokenId);
    await this.tokens.update(
      tokenId,
      (token) => {
        const events = token.revoke();
        return {
          events,
          also: [this.registry.recordVersion(tokenId, token.version + events.length)],
        };
      },
      context,
    );
  }
}
