import { RequestContext } from '../../http/request-context';

export class SetClientParentCommand {
  constructor(
    readonly clientId: string,
    /** null: the client leaves its group. */
    readonly groupId: string | null,
    readonly context: RequestContext,
  ) {}
}
