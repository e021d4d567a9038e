import { RequestContext } from '../../http/request-context';

export class LeaveClientCommand {
  constructor(
    readonly name: string,
    readonly context: RequestContext,
  ) {}
}
