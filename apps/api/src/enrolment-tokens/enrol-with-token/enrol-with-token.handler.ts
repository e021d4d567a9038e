import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, topicCatalogOf, CONFIG } from '@certplane/config';
import {
  Client,
  ClientEnrolled,
  clientIdForDetailsSecret,
  clientStreamId,
  detailsSecretForRepeatableEnrolment,
  enrolmentTokenDigest,
  EnrolmentTokenRefusedError,
  newDetailsSecret,
  TopicCatalog,
} from '@certplane/domain';
import {
  ClientRegistry,
  ClientRepository,
  EnrolmentTokenRegistry,
  EnrolmentTokenRepository,
  ProfileCatalogue,
} from '@certplane/event-store';
import { assertKeyTypeAllowed, CertificateInput } from '../../clients/certificate-input';
import { noSoonerThan } from '../../http/no-sooner-than';
import { EnrolWithTokenCommand } from './enrol-with-token.command';

export interface TokenEnrolledClient {
  clientId: string;
  name: string;
  /** The details secret, handed to the device once, as enrol hands it. */
  detailsSecret: string;
}

/**
 * A use of an enrolment token: the token's use and the client's enrolment are appended in one
 * transaction, the use at the token version it was decided on. Of concurrent uses of a token's
 * last use exactly one commits; the others conflict, decide again on the fresh state and are
 * refused (ENROLMENT_TOKEN_USED_UP). A name, ip or hostname already taken rolls the use back too.
 * Every answer, enrolled or refused for whatever reason, leaves no sooner than
 * CERTPLANE_ENROLMENT_MIN_ANSWER_MS after the request: an unknown token (one indexed lookup) is not
 * told from a used-up one (the lookup and a stream read) by its timing.
 */
@CommandHandler(EnrolWithTokenCommand)
export class EnrolWithTokenHandler implements ICommandHandler<EnrolWithTokenCommand, TokenEnrolledClient> {
  private readonly topicCatalog: TopicCatalog | undefined;

  constructor(
    private readonly tokens: EnrolmentTokenRepository,
    private readonly tokenRegistry: EnrolmentTokenRegistry,
    private readonly clientRegistry: ClientRegistry,
    private readonly certificates: CertificateInput,
    private readonly clients: ClientRepository,
    private readonly profiles: ProfileCatalogue,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {
    this.topicCatalog = topicCatalogOf(config.endpointsByTopic);
  }

  execute(command: EnrolWithTokenCommand): Promise<TokenEnrolledClient> {
    return noSoonerThan(this.config.enrolment.minAnswerMs, () => this.enrol(command));
  }

  private async enrol({
    token,
    input,
    context,
    repeatable,
    profile: label,
  }: EnrolWithTokenCommand): Promise<TokenEnrolledClient> {
    // The server never makes a device's key: no CSR, no enrolment. Its key type is held to the token's profile below.
    const { pem: csr, keyType } = await this.certificates.parsedCsr(input.csr);
    // Any string has a digest, so a malformed token costs the same lookup as a well-formed one.
    const tokenId = await this.tokenRegistry.findByDigest(enrolmentTokenDigest(token ?? ''));
    if (token === undefined || tokenId === undefined) throw new EnrolmentTokenRefusedError('ENROLMENT_TOKEN_UNKNOWN');
    const detailsSecret = repeatable ? detailsSecretForRepeatableEnrolment(token, csr) : newDetailsSecret();
    const clientId = clientIdForDetailsSecret(detailsSecret);
    if (repeatable) {
      const [enrolled] = await this.clients.history(clientId);
      if (enrolled?.type === ClientEnrolled.type) {
        // A repeat under another label is refused as the first request would have been.
        if (label !== undefined) (await this.tokens.load(tokenId)).assertProfileAllowed(label);
        return { clientId, name: enrolled.data.name, detailsSecret };
      }
    }
    // The name of the use that was appended: the last one decided, as a conflict decides again.
    let name = '';
    await this.tokens.update(
      tokenId,
      async (current) => {
        // The token's profile as it is now (UNKNOWN_PROFILE once deleted); the append holds it live until it
        // commits. The CSR's key type is held to it first, as to a client's, before the token decides.
        const profile = await this.profiles.resolve(current.grant.profile);
        assertKeyTypeAllowed(keyType, profile);
        const use = current.use(clientId, { name: input.name, profile: label }, new Date());
        name = use.enrolment.name;
        // The token's validity is the default and the ceiling: a device may ask only for less.
        const maxValidity = use.enrolment.validity ?? this.config.certValidity;
        // Only a field left out takes the token's: null is a value, and not a duration.
        const validity = input.validity === undefined ? use.enrolment.validity : input.validity;
        const clientEvents = Client.enroll(
          { ...use.enrolment, validity, clientId, csr, profile },
          {
            reservedHostnames: this.config.serverHostnames,
            topicsRequired: false,
            topicCatalog: this.topicCatalog,
            maxValidity,
          },
        );
        return {
          events: use.events,
          also: [
            this.tokenRegistry.recordVersion(tokenId, current.version + use.events.length),
            ...this.clientRegistry.reserve(clientEvents[0].data),
            { step: async (_tx, alsoAppend) => void (await alsoAppend(clientStreamId(clientId), clientEvents, 0)) },
          ],
        };
      },
      context,
      // Each conflict means another use committed; with many uses left and many devices at once a use may lose several times.
      { attempts: 20 },
    );
    return { clientId, name, detailsSecret };
  }
}
