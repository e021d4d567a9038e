import { RequestContext } from '../../http/request-context';

export class DeleteClientCommand {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {}
}
