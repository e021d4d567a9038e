import { RequestContext } from '../../http/request-context';

export class AddRoleCommand {
  constructor(
    readonly clientId: string,
    readonly input: { name: unknown; actions?: unknown; members?: unknown },
    readonly context: RequestContext,
  ) {}
}
