import { RequestContext } from '../../http/request-context';

export class ReplaceProfileCommand {
  constructor(
    readonly name: string,
    readonly profile: unknown,
    readonly context: RequestContext,
  ) {}
}
