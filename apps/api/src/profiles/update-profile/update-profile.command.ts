import { RequestContext } from '../../http/request-context';

export class UpdateProfileCommand {
  constructor(
    readonly name: string,
    readonly changes: Readonly<Record<string, unknown>>,
    readonly context: RequestContext,
  ) {}
}
