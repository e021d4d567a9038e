import { RequestContext } from '../../http/request-context';

export class DeleteProfileCommand {
  constructor(
    readonly name: string,
    readonly context: RequestContext,
  ) {}
}
