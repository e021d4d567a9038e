import { RequestContext } from '../../http/request-context';

export class SetGroupParentCommand {
  constructor(
    readonly groupId: string,
    /** null: the group becomes a root. */
    readonly parentId: string | null,
    readonly context: RequestContext,
  ) {}
}
