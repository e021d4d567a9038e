import { RequestContext } from '../../http/request-context';

export class SetClientStatusCommand {
  constructor(
    readonly clientId: string,
    readonly status: 'enabled' | 'disabled',
    readonly context: RequestContext,
  ) {}
}
