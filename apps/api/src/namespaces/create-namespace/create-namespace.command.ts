import { RequestContext } from '../../http/request-context';

export class CreateNamespaceCommand {
  constructor(
    readonly input: { name: unknown; labels?: unknown; annotations?: unknown },
    readonly context: RequestContext,
  ) {}
}
