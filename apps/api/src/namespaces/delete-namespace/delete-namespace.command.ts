import { RequestContext } from '../../http/request-context';

export class DeleteNamespaceCommand {
  constructor(
    readonly name: unknown,
    /** Delete its tunnels first (each a TunnelDeleted) instead of refusing with NAMESPACE_NOT_EMPTY. */
    readonly cascade: boolean,
    readonly context: RequestContext,
  ) {}
}
