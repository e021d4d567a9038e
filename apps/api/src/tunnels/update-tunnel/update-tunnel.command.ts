import { RequestContext } from '../../http/request-context';

export class UpdateTunnelCommand {
  constructor(
    readonly input: { name: unknown; namespace: unknown; tcpPorts: unknown },
    readonly context: RequestContext,
  ) {}
}
