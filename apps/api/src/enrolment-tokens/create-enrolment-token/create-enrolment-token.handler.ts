import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, topicCatalogOf, CONFIG } from '@certplane/config';
import {
  EnrolmentToken,
  enrolmentTokenDigest,
  newEnrolmentToken,
  newEnrolmentTokenId,
  profileName,
} from '@certplane/domain';
import { EnrolmentTokenRegistry, EnrolmentTokenRepository, ProfileCatalogue } from '@certplane/event-store';
import { enrolmentTokenRowOf, enrolmentTokenView, EnrolmentTokenView } from '../enrolment-token-view';
import { CreateEnrolmentTokenCommand } from './create-enrolment-token.command';

export type CreatedEnrolmentToken = EnrolmentTokenView & { token: string };

/**
 * Decides the token, then appends it with its digest in the registry in one transaction. The
 * token is in this answer and nowhere else: the registry keeps its SHA-256, the event its id.
 */
@CommandHandler(CreateEnrolmentTokenCommand)
export class CreateEnrolmentTokenHandler implements ICommandHandler<
  CreateEnrolmentTokenCommand,
  CreatedEnrolmentToken
> {
  constructor(
    private readonly tokens: EnrolmentTokenRepository,
    private readonly registry: EnrolmentTokenRegistry,
    private readonly profiles: ProfileCatalogue,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  async execute({ input, context }: CreateEnrolmentTokenCommand): Promise<CreatedEnrolmentToken> {
    const tokenId = newEnrolmentTokenId();
    const token = newEnrolmentToken();
    // A profile the token names must be live now; a use resolves it again, as it is then.
    const profile = input.profile === undefined ? undefined : await this.profiles.resolve(profileName(input.profile));
    const now = new Date();
    const events = EnrolmentToken.create({ tokenId, ...input, profile }, now, {
      maxValidity: this.config.certValidity,
      reservedHostnames: this.config.serverHostnames,
      topicCatalog: topicCatalogOf(this.config.endpointsByTopic),
    });
    const { after } = await this.tokens.create(
      tokenId,
      { events, alsoInTransaction: (tx) => this.registry.record(tx, tokenId, enrolmentTokenDigest(token)) },
      context,
    );
    return { ...enrolmentTokenView(enrolmentTokenRowOf(after), now), token };
  }
}
