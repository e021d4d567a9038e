import { Group, Metadata } from '@certplane/domain';
import type { GroupView } from '@certplane/api-contract';

export type { GroupView } from '@certplane/api-contract';

export function groupView(g: Group): GroupView {
  return {
    id: g.id,
    name: g.name,
    metadata: g.metadata,
    parent_id: g.parentId ?? null,
    created_at: g.created!.toISOString(),
    updated_at: g.updated!.toISOString(),
  };
}

export interface GroupRow {
  group_id: string;
  name: string;
  metadata: Metadata;
  parent_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const GROUP_COLUMNS = 'g.group_id, g.name, g.metadata, g.parent_id, g.created_at, g.updated_at';

export function groupViewFromRow(r: GroupRow): GroupView {
  return {
    id: r.group_id,
    name: r.name,
    metadata: r.metadata,
    parent_id: r.parent_id,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}
