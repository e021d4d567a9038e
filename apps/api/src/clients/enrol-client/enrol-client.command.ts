import { RequestContext } from '../../http/request-context';

export class EnrolClientCommand {
  constructor(
    readonly input: { name: unknown; topics: unknown; ip?: unknown; hostname?: unknown },
    readonly context: RequestContext,
  ) {}
}
