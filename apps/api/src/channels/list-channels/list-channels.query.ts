import { Page } from '../../http/query-values';

export interface ChannelFilter {
  name?: string;
  tag?: string;
  route?: string;
}

export class ListChannelsQuery {
  constructor(
    readonly filter: ChannelFilter,
    readonly page: Page,
  ) {}
}
