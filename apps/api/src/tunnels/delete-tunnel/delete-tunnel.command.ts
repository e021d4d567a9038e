import { TunnelDeletionReason } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

export class DeleteTunnelCommand {
  constructor(
    readonly ref: { name: unknown; namespace: unknown },
    readonly context: RequestContext,
    /** `namespaceDeleted` when a cascading namespace delete sends it. */
    readonly reason: TunnelDeletionReason = 'deleted',
  ) {}
}
