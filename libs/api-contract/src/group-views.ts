import type { MetadataValue } from './client-views';

/** A group as every answer of the groups API shows it. */
export interface GroupView {
  id: string;
  name: string;
  metadata: Record<string, MetadataValue>;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
}
