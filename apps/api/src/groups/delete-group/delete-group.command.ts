import { RequestContext } from '../../http/request-context';

export class DeleteGroupCommand {
  constructor(
    readonly groupId: string,
    readonly context: RequestContext,
  ) {}
}
