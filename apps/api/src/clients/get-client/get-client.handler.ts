import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClientNotFoundError } from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { clientViewFromHistory, ClientView } from '../client-view';
import { GetClientQuery } from './get-client.query';

/**
 * Folds the client's own stream instead of reading the read model: a command's answer, and a GET
 * right after it, show the change at once, and `?at=` is the same fold cut at that moment (for a
 * removed client too). A stream is one client's history, a few dozen events at most.
 */
@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery, ClientView> {
  constructor(private readonly clients: ClientRepository) {}

  async execute({ clientId, at }: GetClientQuery): Promise<ClientView> {
    const history = (await this.clients.history(clientId)).filter(
      (e) => at === undefined || e.recordedAt.getTime() <= at.getTime(),
    );
    if (history.length === 0)
      throw new ClientNotFoundError(at ? `with that id at ${at.toISOString()}` : 'with that id');
    const view = clientViewFromHistory(history, at ?? new Date());
    // Now, a removed client is gone; its past stays readable with ?at=.
    if (at === undefined && view.status === 'removed') throw new ClientNotFoundError('with that id');
    return view;
  }
}
