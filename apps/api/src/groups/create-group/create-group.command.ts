import { RequestContext } from '../../http/request-context';

export class CreateGroupCommand {
  constructor(
    readonly input: { name: unknown; metadata?: unknown; parentId?: unknown },
    readonly context: RequestContext,
  ) {}
}
