import type { MetadataValue } from './client-views';

/** A channel as every answer of the channel API shows it. */
export interface ChannelView {
  id: string;
  name: string;
  tags: string[];
  metadata: Record<string, MetadataValue>;
  route: string | null;
  created_at: string;
  updated_at: string;
}
