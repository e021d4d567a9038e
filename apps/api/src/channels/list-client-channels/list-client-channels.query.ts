import { ConnectionType } from '@certplane/domain';
import { Page } from '../../http/query-values';

export class ListClientChannelsQuery {
  constructor(
    readonly clientId: string,
    readonly type: ConnectionType | undefined,
    readonly page: Page,
  ) {}
}
