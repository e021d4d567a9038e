import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertplaneConfig, topicCatalogOf, CONFIG } from '@certplane/config';
import {
  Client,
  clientIdForDetailsSecret,
  ClientEnrolledData,
  DomainEvent,
  newDetailsSecret,
  TopicCatalog,
} from '@certplane/domain';
import { ClientRegistry, ClientRepository } from '@certplane/event-store';
import { clientViewFromHistory, ClientView } from '../client-view';
import { bulkItemError } from './bulk-item-error';
import { CreateClientsCommand } from './create-clients.command';

interface Decided {
  clientId: string;
  detailsSecret: string;
  events: DomainEvent[];
  enrolled: ClientEnrolledData;
}

/**
 * Every client decided as POST /clients decides one, then all appended in one statement and one
 * transaction with one reservation of all their names, ips and hostnames (ClientRepository.createAll):
 * one bad or taken item refuses the bulk with that item's code, naming its position, and records nothing.
 */
@CommandHandler(CreateClientsCommand)
export class CreateClientsHandler implements ICommandHandler<CreateClientsCommand, (ClientView & { url: string })[]> {
  private readonly topicCatalog: TopicCatalog | undefined;

  constructor(
    private readonly clients: ClientRepository,
    private readonly registry: ClientRegistry,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {
    this.topicCatalog = topicCatalogOf(config.endpointsByTopic);
  }

  async execute({ items, context }: CreateClientsCommand): Promise<(ClientView & { url: string })[]> {
    const decided = items.map((input, i) => this.decide(input, i));
    const taken = await this.registry.firstTaken(decided.map((d) => d.enrolled));
    if (taken) throw bulkItemError(taken.index, taken.error);
    const stored = await this.clients.createAll(
      decided.map((d) => ({ id: d.clientId, events: d.events })),
      [this.registry.reserveAll(decided.map((d) => d.enrolled))],
      context,
    );
    const now = new Date();
    // The details secrets exist only in this answer: certplane keeps just the ids derived from them.
    return decided.map((d, i) => ({ ...clientViewFromHistory(stored[i], now), url: d.detailsSecret }));
  }

  private decide(input: Record<string, unknown>, index: number): Decided {
    const detailsSecret = newDetailsSecret();
    const clientId = clientIdForDetailsSecret(detailsSecret);
    try {
      const events = Client.enroll(
        { ...input, name: input.name, clientId },
        { reservedHostnames: this.config.serverHostnames, topicsRequired: false, topicCatalog: this.topicCatalog },
      );
      return { clientId, detailsSecret, events, enrolled: events[0].data };
    } catch (e) {
      throw bulkItemError(index, e);
    }
  }
}
