import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClientNotFoundError, ClientRoles } from '@certplane/domain';
import { ClientRegistry, ClientRolesRepository } from '@certplane/event-store';
import { GetRolesQuery } from './get-roles.query';

/**
 * The client's roles folded from their stream, as GET /clients/:id does: a change shows at once, and
 * ?at= is the fold cut at that moment. Only a live client's roles are shown.
 */
@QueryHandler(GetRolesQuery)
export class GetRolesHandler implements IQueryHandler<GetRolesQuery, ClientRoles> {
  constructor(
    private readonly roles: ClientRolesRepository,
    private readonly registry: ClientRegistry,
  ) {}

  async execute({ clientId, at }: GetRolesQuery): Promise<ClientRoles> {
    if (!(await this.registry.isLive(clientId))) throw new ClientNotFoundError('with that id');
    return at === undefined ? this.roles.load(clientId) : this.roles.loadAt(clientId, at);
  }
}
