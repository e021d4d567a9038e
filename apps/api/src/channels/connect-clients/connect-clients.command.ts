import { ConnectionRequest } from '@certplane/domain';
import { RequestContext } from '../../http/request-context';

export class ConnectClientsCommand {
  constructor(
    readonly channelId: string,
    readonly request: ConnectionRequest,
    readonly context: RequestContext,
  ) {}
}
