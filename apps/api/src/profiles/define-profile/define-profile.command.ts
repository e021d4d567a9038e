import { RequestContext } from '../../http/request-context';

export class DefineProfileCommand {
  constructor(
    readonly name: unknown,
    readonly profile: unknown,
    readonly context: RequestContext,
  ) {}
}
