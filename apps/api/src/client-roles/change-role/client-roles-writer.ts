import { Injectable } from '@nestjs/common';
import { ClientRoles, DomainEvent } from '@certplane/domain';
import { ClientRolesRepository, holdLiveClients } from '@certplane/event-store';
import { RequestContext } from '../../http/request-context';

/**
 * The one way a role changes. Its one check that the client is live is the append's `also:` step
 * (holdLiveClients, CLIENT_NOT_FOUND): it holds the client live while the change is recorded, so a
 * role is never granted on a client deleted meanwhile, and a read before deciding would only repeat it.
 */
@Injectable()
export class ClientRolesWriter {
  constructor(private readonly roles: ClientRolesRepository) {}

  async change(clientId: string, decide: (roles: ClientRoles) => DomainEvent[], context: RequestContext) {
    return this.roles.update(
      clientId,
      (roles) => ({ events: decide(roles), also: [{ step: (tx) => holdLiveClients(tx, [clientId]) }] }),
      context,
    );
  }
}
