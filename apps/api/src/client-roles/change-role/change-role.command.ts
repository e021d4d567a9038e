import { DomainEvent, ClientRoles } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

/**
 * One change of a role: rename, remove, add or remove actions or members. `decide` is the aggregate's
 * method for it, pure, so the handler may decide again on a fresher state after a concurrent write.
 */
export class ChangeRoleCommand {
  constructor(
    readonly clientId: string,
    readonly decide: (roles: ClientRoles) => DomainEvent[],
    readonly context: RequestContext,
  ) {}
}
