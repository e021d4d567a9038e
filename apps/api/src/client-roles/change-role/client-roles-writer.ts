import { Injectable } from '@nestjs/common';
import { ClientNotFoundError, ClientRoles, DomainEvent } from '@certplane/domain';
import { ClientRegistry, ClientRolesRepository } from '@certplane/event-store';
import { RequestContext } from '../../http/request-context';

/**
 * The one way a role changes. Its one check that the client is live is part of the decision, so every
 * change of a removed client's roles is refused, one that would record nothing and one naming a role it
 * never had too. A change deciding just before the client's removal commits may still be recorded after
 * it: such a role grants nothing, as every route a member may call acts on a live client.
 */
@Injectable()
export class ClientRolesWriter {
  constructor(
    private readonly roles: ClientRolesRepository,
    private readonly registry: ClientRegistry,
  ) {}

  async change(clientId: string, decide: (roles: ClientRoles) => DomainEvent[], context: RequestContext) {
    return this.roles.update(
      clientId,
      async (roles) => {
        if (!(await this.registry.isLive(clientId))) throw new ClientNotFoundError('with that id');
        return { events: decide(roles) };
      },
      context,
    );
  }
}
