import { ClientStatus } from '@certplane/domain';
import { Page } from '../../http/query-values';

export interface ClientFilter {
  name?: string;
  /** Part of the name, any case. */
  search?: string;
  tag?: string;
  /** Undefined: the live clients, enabled and disabled. */
  status?: ClientStatus;
}

export class ListClientsQuery {
  constructor(
    readonly filter: ClientFilter,
    readonly page: Page,
  ) {}
}
