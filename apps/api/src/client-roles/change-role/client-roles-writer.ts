import { Injectable } from '@nestjs/common';
import { ClientNotFoundError, ClientRoles, DomainEvent } from '@certplane/domain';
import { ClientRegistry, ClientRolesRepository, holdLiveClients } from '@certplane/event-store';
import { RequestContext } from '../../http/request-context';

/**
 * The one way a role changes: the client must be live when the change is decided, and is held live
 * (holdLiveClients) while it is recorded, so a role is never granted on a client deleted meanwhile.
 */
@Injectable()
export class ClientRolesWriter {
  constructor(
    private readonly roles: ClientRolesRepository,
    private readonly registry: ClientRegistry,
  ) {}

  async change(clientId: string, decide: (roles: ClientRoles) => DomainEvent[], context: RequestContext) {
    if (!(await this.registry.isLive(clientId))) throw new ClientNotFoundError('with that id');
    return this.roles.update(
      clientId,
      (roles) => ({ events: decide(roles), also: [{ step: (tx) => holdLiveClients(tx, [clientId]) }] }),
      context,
    );
  }
}
