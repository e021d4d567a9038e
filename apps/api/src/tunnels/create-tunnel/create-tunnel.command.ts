import { RequestContext } from '../../http/request-context';

export class CreateTunnelCommand {
  constructor(
    readonly input: { name: unknown; namespace: unknown; tcpPorts: unknown },
    readonly context: RequestContext,
  ) {}
}
