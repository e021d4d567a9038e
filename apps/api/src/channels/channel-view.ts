import { Channel, Metadata } from '@certplane/domain';
import type { ChannelView } from '@certplane/api-contract';

export type { ChannelView } from '@certplane/api-contract';

export function channelView(c: Channel): ChannelView {
  return {
    id: c.id,
    name: c.name,
    tags: [...c.tags],
    metadata: c.metadata,
    route: c.route ?? null,
    created_at: c.created!.toISOString(),
    updated_at: c.updated!.toISOString(),
  };
}

export interface ChannelRow {
  channel_id: string;
  name: string;
  tags: string[];
  metadata: Metadata;
  route: string | null;
  created_at: Date;
  updated_at: Date;
}

export const CHANNEL_ROWS = {
  select: 'ch.channel_id, ch.name, ch.tags, ch.metadata, ch.route, ch.created_at, ch.updated_at',
  from: 'rm_channels ch',
};

export function channelViewFromRow(r: ChannelRow): ChannelView {
  return {
    id: r.channel_id,
    name: r.name,
    tags: r.tags,
    metadata: r.metadata,
    route: r.route,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}
