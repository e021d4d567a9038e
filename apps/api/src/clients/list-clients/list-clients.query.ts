import { ClientStatus, ConnectionType, Metadata } from '@certplane/domain';
import { Page } from '../../http/query-values';

export const CLIENT_ORDERS = ['created_at', 'updated_at', 'name'] as const;
export type ClientOrder = (typeof CLIENT_ORDERS)[number];

export interface ClientFilter {
  name?: string;
  /** Part of the name, any case. */
  search?: string;
  tag?: string;
  /** Undefined: the live clients, enabled and disabled. */
  status?: ClientStatus;
  id?: string;
  /** Pairs the client's metadata contains. */
  metadata?: Metadata;
  /** Connected to this channel (with connectionType, if given too). */
  channel?: string;
  /** Connected to some channel (or to `channel`) with this type. */
  connectionType?: ConnectionType;
  createdFrom?: Date;
  createdTo?: Date;
  /** Directly in this group (its parent group). */
  group?: string;
}

export interface ClientListing {
  order: ClientOrder;
  dir: 'asc' | 'desc';
  /** Only the total, no items. */
  onlyTotal: boolean;
}

export class ListClientsQuery {
  constructor(
    readonly filter: ClientFilter,
    readonly page: Page,
    readonly listing: ClientListing = { order: 'created_at', dir: 'asc', onlyTotal: false },
  ) {}
}
