import { ClientPatch } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

export class UpdateClientCommand {
  constructor(
    readonly clientId: string,
    readonly patch: ClientPatch,
    readonly context: RequestContext,
  ) {}
}
