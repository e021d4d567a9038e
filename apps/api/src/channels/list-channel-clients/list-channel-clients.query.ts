import { ConnectionType } from '@certplane/domain';
import { Page } from '../../http/query-values';

export class ListChannelClientsQuery {
  constructor(
    readonly channelId: string,
    readonly type: ConnectionType | undefined,
    readonly page: Page,
  ) {}
}
