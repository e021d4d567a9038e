import { Page } from '../../http/query-values';

/** Groups from the read model: all (or the roots), the children of one, or its whole subtree. */
export class ListGroupsQuery {
  constructor(
    readonly scope: { kind: 'all'; rootsOnly: boolean } | { kind: 'children' | 'subtree'; groupId: string },
    readonly page: Page,
  ) {}
}
